$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-06-inlining --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_06_inlining::convert_all:
	test	rsi, rsi
	je	.LBB0_7
	lea	rcx, [4*rsi]
	add	rcx, -4
	mov	rax, rdi
	cmp	rcx, 28
	jb	.LBB0_5
	shr	rcx, 2
	inc	rcx
	mov	rdx, rcx
	and	rdx, -8
	lea	rax, [rdi + 4*rdx]
	xor	r8d, r8d
	movaps	xmm0, xmmword ptr [rip + .LCPI0_0]
	movaps	xmm1, xmmword ptr [rip + .LCPI0_1]
.LBB0_3:
	movups	xmm2, xmmword ptr [rdi + 4*r8]
	movups	xmm3, xmmword ptr [rdi + 4*r8 + 16]
	mulps	xmm2, xmm0
	mulps	xmm3, xmm0
	addps	xmm2, xmm1
	addps	xmm3, xmm1
	movups	xmmword ptr [rdi + 4*r8], xmm2
	movups	xmmword ptr [rdi + 4*r8 + 16], xmm3
	add	r8, 8
	cmp	rdx, r8
	jne	.LBB0_3
	cmp	rcx, rdx
	je	.LBB0_7
.LBB0_5:
	lea	rcx, [rdi + 4*rsi]
	movss	xmm0, dword ptr [rip + .LCPI0_2]
	movss	xmm1, dword ptr [rip + .LCPI0_3]
.LBB0_6:
	movss	xmm2, dword ptr [rax]
	mulss	xmm2, xmm0
	addss	xmm2, xmm1
	movss	dword ptr [rax], xmm2
	add	rax, 4
	cmp	rax, rcx
	jne	.LBB0_6
.LBB0_7:
	ret

listing_06_06_inlining::convert_all_outlined:
	test	rsi, rsi
	je	.LBB2_4
	push	r15
	push	r14
	push	r12
	push	rbx
	push	rax
	mov	rbx, rsi
	mov	r14, rdi
	shl	rbx, 2
	xor	r15d, r15d
	mov	r12, qword ptr [rip + listing_06_06_inlining::to_fahrenheit_outlined@GOTPCREL]
.LBB2_2:
	movss	xmm0, dword ptr [r14 + r15]
	call	r12
	movss	dword ptr [r14 + r15], xmm0
	add	r15, 4
	cmp	rbx, r15
	jne	.LBB2_2
	add	rsp, 8
	pop	rbx
	pop	r12
	pop	r14
	pop	r15
.LBB2_4:
	ret
