$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-03-branch-prediction --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_03_branch_prediction::keep_at_least_branchy:
	mov	qword ptr [rcx + 16], 0
	test	rsi, rsi
	je	.LBB2_5
	push	rbp
	push	r15
	push	r14
	push	r13
	push	r12
	push	rbx
	push	rax
	mov	rbx, rcx
	mov	r14, rsi
	mov	r15, rdi
	shl	r14, 2
	xor	r12d, r12d
	xor	r13d, r13d
	jmp	.LBB2_2
.LBB2_8:
	mov	rax, qword ptr [rbx + 8]
	mov	dword ptr [rax + 4*r13], ebp
	inc	r13
	mov	qword ptr [rbx + 16], r13
.LBB2_3:
	add	r12, 4
	cmp	r14, r12
	je	.LBB2_4
.LBB2_2:
	mov	ebp, dword ptr [r15 + r12]
	cmp	ebp, edx
	jb	.LBB2_3
	cmp	r13, qword ptr [rbx]
	jne	.LBB2_8
	mov	rdi, rbx
	mov	dword ptr [rsp + 4], edx
	call	qword ptr [rip + alloc::raw_vec::RawVec<T,A>::grow_one@GOTPCREL]
	mov	edx, dword ptr [rsp + 4]
	jmp	.LBB2_8
.LBB2_4:
	add	rsp, 8
	pop	rbx
	pop	r12
	pop	r13
	pop	r14
	pop	r15
	pop	rbp
.LBB2_5:
	ret
