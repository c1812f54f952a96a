$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-03-branch-prediction --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_03_branch_prediction::keep_at_least_branchless:
	push	rbp
	push	r15
	push	r14
	push	r13
	push	r12
	push	rbx
	push	rax
	mov	qword ptr [rcx + 16], 0
	test	rsi, rsi
	je	.LBB3_1
	cmp	rsi, qword ptr [rcx]
	ja	.LBB3_4
	xor	ebx, ebx
	mov	r14, qword ptr [rcx + 8]
	lea	rax, [r14 + 4*rbx]
	cmp	rsi, 1
	je	.LBB3_7
.LBB3_6:
	lea	r8, [4*rsi - 4]
	mov	r15, rdi
	mov	rdi, rax
	mov	r12, rsi
	xor	esi, esi
	mov	ebp, edx
	mov	rdx, r8
	mov	r13, rcx
	call	qword ptr [rip + memset@GOTPCREL]
	mov	rdi, r15
	mov	rsi, r12
	mov	edx, ebp
	mov	rcx, r13
	lea	rax, [rbx + r12]
	lea	rax, [r14 + 4*rax]
	add	rax, -4
	add	rbx, r12
	dec	rbx
.LBB3_7:
	mov	dword ptr [rax], 0
	lea	r8, [rbx + 1]
	mov	qword ptr [rcx + 16], r8
	shl	rsi, 2
	mov	r9, qword ptr [rcx + 8]
	xor	eax, eax
	xor	r10d, r10d
.LBB3_8:
	cmp	rax, rbx
	ja	.LBB3_13
	mov	r11d, dword ptr [rdi + r10]
	mov	dword ptr [r9 + 4*rax], r11d
	cmp	r11d, edx
	sbb	rax, -1
	add	r10, 4
	cmp	rsi, r10
	jne	.LBB3_8
	cmp	rax, r8
	jbe	.LBB3_11
	jmp	.LBB3_12
.LBB3_1:
	xor	eax, eax
.LBB3_11:
	mov	qword ptr [rcx + 16], rax
.LBB3_12:
	add	rsp, 8
	pop	rbx
	pop	r12
	pop	r13
	pop	r14
	pop	r15
	pop	rbp
	ret
.LBB3_4:
	mov	r14, rdi
	mov	rdi, rcx
	mov	rbx, rsi
	xor	esi, esi
	mov	ebp, edx
	mov	rdx, rbx
	mov	r15, rcx
	call	alloc::raw_vec::RawVecInner<A>::reserve::do_reserve_and_handle
	mov	rdi, r14
	mov	rsi, rbx
	mov	edx, ebp
	mov	rcx, r15
	mov	rbx, qword ptr [r15 + 16]
	mov	r14, qword ptr [rcx + 8]
	lea	rax, [r14 + 4*rbx]
	cmp	rsi, 1
	jne	.LBB3_6
	jmp	.LBB3_7
.LBB3_13:
	lea	rdx, [rip + .Lanon.61033959b22de46161695a8d83f8efde.1]
	mov	rdi, rax
	mov	rsi, r8
	call	qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]
