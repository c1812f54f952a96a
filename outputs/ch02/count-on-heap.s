$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-02-03-stack-or-heap --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_02_03_stack_or_heap::count_distinct_on_heap:
	push	r15
	push	r14
	push	rbx
	mov	r14, rsi
	mov	r15, rdi
	call	qword ptr [rip + __rustc::__rust_no_alloc_shim_is_unstable_v2@GOTPCREL]
	mov	edi, 256
	mov	esi, 1
	call	qword ptr [rip + __rustc::__rust_alloc_zeroed@GOTPCREL]
	test	rax, rax
	je	.LBB0_16
	test	r14, r14
	je	.LBB0_2
	cmp	r14, 1
	jne	.LBB0_10
	xor	ebx, ebx
	movzx	ecx, byte ptr [r15]
	cmp	byte ptr [rax + rcx], 0
	je	.LBB0_8
	jmp	.LBB0_9
.LBB0_2:
	xor	ebx, ebx
	jmp	.LBB0_9
.LBB0_10:
	movabs	rcx, 9223372036854775806
	and	rcx, r14
	xor	ebx, ebx
	jmp	.LBB0_11
.LBB0_15:
	lea	r15, [rdx + 2]
	add	rcx, -2
	je	.LBB0_5
.LBB0_11:
	mov	rdx, r15
	movzx	esi, byte ptr [r15]
	cmp	byte ptr [rax + rsi], 0
	je	.LBB0_12
	movzx	esi, byte ptr [rdx + 1]
	cmp	byte ptr [rax + rsi], 0
	jne	.LBB0_15
	jmp	.LBB0_14
.LBB0_12:
	mov	byte ptr [rax + rsi], 1
	inc	rbx
	movzx	esi, byte ptr [rdx + 1]
	cmp	byte ptr [rax + rsi], 0
	jne	.LBB0_15
.LBB0_14:
	mov	byte ptr [rax + rsi], 1
	inc	rbx
	jmp	.LBB0_15
.LBB0_5:
	test	r14b, 1
	je	.LBB0_9
	add	rdx, 2
	mov	r15, rdx
	movzx	ecx, byte ptr [r15]
	cmp	byte ptr [rax + rcx], 0
	jne	.LBB0_9
.LBB0_8:
	mov	byte ptr [rax + rcx], 1
	inc	rbx
.LBB0_9:
	mov	esi, 256
	mov	edx, 1
	mov	rdi, rax
	call	qword ptr [rip + __rustc::__rust_dealloc@GOTPCREL]
	mov	rax, rbx
	pop	rbx
	pop	r14
	pop	r15
	ret
.LBB0_16:
	mov	edi, 1
	mov	esi, 256
	call	qword ptr [rip + alloc::raw_vec::handle_error@GOTPCREL]
