$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-03-branch-prediction --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_03_branch_prediction::count_at_least:
	test	rsi, rsi
	je	.LBB1_1
	cmp	rsi, 4
	jae	.LBB1_5
	xor	ecx, ecx
	xor	eax, eax
	jmp	.LBB1_4
.LBB1_1:
	xor	eax, eax
	ret
.LBB1_5:
	movabs	rcx, 2305843009213693948
	and	rcx, rsi
	movd	xmm0, edx
	pshufd	xmm1, xmm0, 0
	lea	rax, [4*rsi]
	and	rax, -16
	pxor	xmm0, xmm0
	xor	r8d, r8d
	movdqa	xmm2, xmmword ptr [rip + .LCPI1_0]
	pxor	xmm1, xmm2
	movdqa	xmm4, xmmword ptr [rip + .LCPI1_1]
	pxor	xmm3, xmm3
.LBB1_6:
	movq	xmm5, qword ptr [rdi + r8]
	movq	xmm6, qword ptr [rdi + r8 + 8]
	pxor	xmm5, xmm2
	movdqa	xmm7, xmm1
	pcmpgtd	xmm7, xmm5
	pshufd	xmm5, xmm7, 212
	pandn	xmm5, xmm4
	paddq	xmm3, xmm5
	pxor	xmm6, xmm2
	movdqa	xmm5, xmm1
	pcmpgtd	xmm5, xmm6
	pshufd	xmm5, xmm5, 212
	pandn	xmm5, xmm4
	paddq	xmm0, xmm5
	add	r8, 16
	cmp	rax, r8
	jne	.LBB1_6
	paddq	xmm0, xmm3
	pshufd	xmm1, xmm0, 238
	paddq	xmm1, xmm0
	movq	rax, xmm1
	jmp	.LBB1_8
.LBB1_4:
	cmp	dword ptr [rdi + 4*rcx], edx
	sbb	rax, -1
	inc	rcx
.LBB1_8:
	cmp	rsi, rcx
	jne	.LBB1_4
	ret
