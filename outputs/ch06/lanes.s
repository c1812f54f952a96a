$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-05-vectorisation --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_05_vectorisation::sum_f32_lanes:
	movabs	rax, 2305843009213693936
	and	rax, rsi
	je	.LBB0_1
	lea	r8, [rsi - 16]
	mov	ecx, r8d
	not	ecx
	test	cl, 48
	jne	.LBB0_4
	xorps	xmm2, xmm2
	mov	rcx, rdi
	mov	rdx, rax
	xorps	xmm3, xmm3
	xorps	xmm1, xmm1
	xorps	xmm0, xmm0
	jmp	.LBB0_6
.LBB0_1:
	xorps	xmm0, xmm0
	shl	esi, 2
	and	esi, 60
	jne	.LBB0_11
	jmp	.LBB0_18
.LBB0_4:
	mov	r9d, r8d
	shr	r9d, 4
	inc	r9d
	and	r9d, 3
	xorps	xmm2, xmm2
	mov	rcx, rdi
	mov	rdx, rax
	xorps	xmm3, xmm3
	xorps	xmm1, xmm1
	xorps	xmm0, xmm0
.LBB0_5:
	movups	xmm4, xmmword ptr [rcx]
	addps	xmm2, xmm4
	movups	xmm4, xmmword ptr [rcx + 16]
	addps	xmm3, xmm4
	movups	xmm4, xmmword ptr [rcx + 32]
	addps	xmm1, xmm4
	movups	xmm4, xmmword ptr [rcx + 48]
	addps	xmm0, xmm4
	add	rcx, 64
	add	rdx, -16
	dec	r9
	jne	.LBB0_5
.LBB0_6:
	cmp	r8, 48
	jb	.LBB0_9
	xor	r8d, r8d
.LBB0_8:
	movups	xmm4, xmmword ptr [rcx + 4*r8]
	addps	xmm4, xmm2
	movups	xmm2, xmmword ptr [rcx + 4*r8 + 16]
	addps	xmm2, xmm3
	movups	xmm3, xmmword ptr [rcx + 4*r8 + 32]
	addps	xmm3, xmm1
	movups	xmm1, xmmword ptr [rcx + 4*r8 + 48]
	addps	xmm1, xmm0
	movups	xmm0, xmmword ptr [rcx + 4*r8 + 112]
	addps	xmm0, xmm1
	movups	xmm1, xmmword ptr [rcx + 4*r8 + 96]
	addps	xmm1, xmm3
	movups	xmm3, xmmword ptr [rcx + 4*r8 + 64]
	addps	xmm3, xmm4
	movups	xmm4, xmmword ptr [rcx + 4*r8 + 80]
	addps	xmm4, xmm2
	movups	xmm5, xmmword ptr [rcx + 4*r8 + 144]
	addps	xmm5, xmm4
	movups	xmm4, xmmword ptr [rcx + 4*r8 + 128]
	addps	xmm4, xmm3
	movups	xmm2, xmmword ptr [rcx + 4*r8 + 160]
	addps	xmm2, xmm1
	movups	xmm1, xmmword ptr [rcx + 4*r8 + 176]
	addps	xmm1, xmm0
	movups	xmm0, xmmword ptr [rcx + 4*r8 + 240]
	addps	xmm0, xmm1
	movups	xmm1, xmmword ptr [rcx + 4*r8 + 224]
	addps	xmm1, xmm2
	movups	xmm2, xmmword ptr [rcx + 4*r8 + 192]
	addps	xmm2, xmm4
	movups	xmm3, xmmword ptr [rcx + 4*r8 + 208]
	addps	xmm3, xmm5
	add	r8, 64
	cmp	rdx, r8
	jne	.LBB0_8
.LBB0_9:
	xorps	xmm4, xmm4
	addss	xmm4, xmm2
	movaps	xmm5, xmm2
	shufps	xmm5, xmm2, 85
	addss	xmm5, xmm4
	movaps	xmm4, xmm2
	unpckhpd	xmm4, xmm2
	addss	xmm4, xmm5
	shufps	xmm2, xmm2, 255
	addss	xmm2, xmm4
	addss	xmm2, xmm3
	movaps	xmm4, xmm3
	shufps	xmm4, xmm3, 85
	addss	xmm4, xmm2
	movaps	xmm2, xmm3
	unpckhpd	xmm2, xmm3
	addss	xmm2, xmm4
	shufps	xmm3, xmm3, 255
	addss	xmm3, xmm2
	addss	xmm3, xmm1
	movaps	xmm2, xmm1
	shufps	xmm2, xmm1, 85
	addss	xmm2, xmm3
	movaps	xmm3, xmm1
	unpckhpd	xmm3, xmm1
	addss	xmm3, xmm2
	shufps	xmm1, xmm1, 255
	addss	xmm1, xmm3
	addss	xmm1, xmm0
	movaps	xmm2, xmm0
	shufps	xmm2, xmm0, 85
	addss	xmm2, xmm1
	movaps	xmm1, xmm0
	unpckhpd	xmm1, xmm0
	addss	xmm1, xmm2
	shufps	xmm0, xmm0, 255
	addss	xmm0, xmm1
	shl	esi, 2
	and	esi, 60
	je	.LBB0_18
.LBB0_11:
	lea	rax, [rdi + 4*rax]
	lea	rdx, [rsi - 4]
	mov	ecx, edx
	not	ecx
	test	cl, 28
	jne	.LBB0_13
	mov	rcx, rax
	jmp	.LBB0_15
.LBB0_13:
	mov	edi, edx
	shr	edi, 2
	inc	edi
	and	edi, 7
	mov	rcx, rax
.LBB0_14:
	addss	xmm0, dword ptr [rcx]
	add	rcx, 4
	dec	rdi
	jne	.LBB0_14
.LBB0_15:
	cmp	edx, 28
	jb	.LBB0_18
	add	rax, rsi
.LBB0_17:
	addss	xmm0, dword ptr [rcx]
	addss	xmm0, dword ptr [rcx + 4]
	addss	xmm0, dword ptr [rcx + 8]
	addss	xmm0, dword ptr [rcx + 12]
	addss	xmm0, dword ptr [rcx + 16]
	addss	xmm0, dword ptr [rcx + 20]
	addss	xmm0, dword ptr [rcx + 24]
	addss	xmm0, dword ptr [rcx + 28]
	add	rcx, 32
	cmp	rcx, rax
	jne	.LBB0_17
.LBB0_18:
	ret
