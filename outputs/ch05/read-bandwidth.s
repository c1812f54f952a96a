$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-05-05-read-bandwidth --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_05_05_read_bandwidth::sum_words:
	mov	rax, qword ptr [rip + std_detect::detect::cache::CACHE@GOTPCREL]
	mov	rax, qword ptr [rax]
	test	rax, rax
	je	.LBB4_1
	test	ax, ax
	js	listing_05_05_read_bandwidth::sum_words_avx2
.LBB4_3:
	test	rsi, rsi
	je	.LBB4_4
	cmp	rsi, 4
	jae	.LBB4_8
	xor	ecx, ecx
	xor	eax, eax
	jmp	.LBB4_7
.LBB4_4:
	xor	eax, eax
	ret
.LBB4_8:
	movabs	rcx, 1152921504606846972
	and	rcx, rsi
	lea	rax, [8*rsi]
	and	rax, -32
	pxor	xmm0, xmm0
	xor	edx, edx
	pxor	xmm1, xmm1
.LBB4_9:
	movdqu	xmm2, xmmword ptr [rdi + rdx]
	paddq	xmm1, xmm2
	movdqu	xmm2, xmmword ptr [rdi + rdx + 16]
	paddq	xmm0, xmm2
	add	rdx, 32
	cmp	rax, rdx
	jne	.LBB4_9
	paddq	xmm0, xmm1
	pshufd	xmm1, xmm0, 238
	paddq	xmm1, xmm0
	movq	rax, xmm1
	jmp	.LBB4_11
.LBB4_1:
	push	r14
	push	rbx
	push	rax
	mov	rbx, rsi
	mov	r14, rdi
	call	qword ptr [rip + std_detect::detect::cache::detect_and_initialize@GOTPCREL]
	mov	rdi, r14
	mov	rsi, rbx
	test	ax, ax
	lea	rsp, [rsp + 8]
	pop	rbx
	pop	r14
	js	listing_05_05_read_bandwidth::sum_words_avx2
	jmp	.LBB4_3
.LBB4_7:
	add	rax, qword ptr [rdi + 8*rcx]
	inc	rcx
.LBB4_11:
	cmp	rsi, rcx
	jne	.LBB4_7
	ret

listing_05_05_read_bandwidth::sum_words_avx2:
	test	rsi, rsi
	je	.LBB3_1
	cmp	rsi, 4
	jae	.LBB3_5
	xor	ecx, ecx
	xor	eax, eax
	jmp	.LBB3_4
.LBB3_1:
	xor	eax, eax
	ret
.LBB3_5:
	movabs	rdx, 1152921504606846960
	cmp	rsi, 16
	jae	.LBB3_7
	xor	ecx, ecx
	xor	eax, eax
	jmp	.LBB3_11
.LBB3_7:
	mov	rcx, rsi
	and	rcx, rdx
	lea	rax, [8*rsi]
	and	rax, -128
	vpxor	xmm0, xmm0, xmm0
	xor	r8d, r8d
	vpxor	xmm1, xmm1, xmm1
	vpxor	xmm2, xmm2, xmm2
	vpxor	xmm3, xmm3, xmm3
.LBB3_8:
	vpaddq	ymm0, ymm0, ymmword ptr [rdi + r8]
	vpaddq	ymm1, ymm1, ymmword ptr [rdi + r8 + 32]
	vpaddq	ymm2, ymm2, ymmword ptr [rdi + r8 + 64]
	vpaddq	ymm3, ymm3, ymmword ptr [rdi + r8 + 96]
	sub	r8, -128
	cmp	rax, r8
	jne	.LBB3_8
	vpaddq	ymm0, ymm1, ymm0
	vpaddq	ymm1, ymm3, ymm2
	vpaddq	ymm0, ymm1, ymm0
	vextracti128	xmm1, ymm0, 1
	vpaddq	xmm0, xmm0, xmm1
	vpshufd	xmm1, xmm0, 238
	vpaddq	xmm0, xmm0, xmm1
	vmovq	rax, xmm0
	cmp	rsi, rcx
	je	.LBB3_15
	test	sil, 12
	je	.LBB3_4
.LBB3_11:
	mov	r8, rcx
	add	rdx, 12
	mov	rcx, rdx
	and	rcx, rsi
	vmovq	xmm0, rax
.LBB3_12:
	vpaddq	ymm0, ymm0, ymmword ptr [rdi + 8*r8]
	add	r8, 4
	cmp	rcx, r8
	jne	.LBB3_12
	vextracti128	xmm1, ymm0, 1
	vpaddq	xmm0, xmm0, xmm1
	vpshufd	xmm1, xmm0, 238
	vpaddq	xmm0, xmm0, xmm1
	vmovq	rax, xmm0
	jmp	.LBB3_14
.LBB3_4:
	add	rax, qword ptr [rdi + 8*rcx]
	inc	rcx
.LBB3_14:
	cmp	rsi, rcx
	jne	.LBB3_4
.LBB3_15:
	vzeroupper
	ret
