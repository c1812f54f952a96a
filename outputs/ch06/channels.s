$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-04-bounds-checks --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_04_bounds_checks::sum_channels_indexed:
	push	rbp
	push	r15
	push	r14
	push	r12
	push	rbx
	mov	dword ptr [rdi + 12], 0
	mov	qword ptr [rdi + 4], 0
	mov	r8, rdx
	shr	r8, 2
	je	.LBB4_1
	lea	r9, [rdx + 3]
	shr	r9, 2
	lea	r10, [rdx + 2]
	shr	r10, 2
	cmp	rdx, 3
	mov	ebx, 2
	cmovae	rbx, rdx
	inc	rbx
	shr	rbx, 2
	shl	r8, 2
	xor	eax, eax
	xor	r11d, r11d
	xor	ebp, ebp
	xor	r14d, r14d
	xor	r15d, r15d
	xor	ecx, ecx
.LBB4_5:
	cmp	r9, r15
	je	.LBB4_10
	movzx	r12d, byte ptr [rsi + rax]
	add	ecx, r12d
	cmp	r10, r15
	je	.LBB4_12
	movzx	r12d, byte ptr [rsi + rax + 1]
	add	r14d, r12d
	cmp	rbx, r15
	je	.LBB4_13
	movzx	r12d, byte ptr [rsi + rax + 2]
	add	ebp, r12d
	cmp	r8, rax
	je	.LBB4_14
	movzx	r12d, byte ptr [rsi + rax + 3]
	add	r11d, r12d
	add	rax, 4
	inc	r15
	cmp	r8, rax
	jne	.LBB4_5
	mov	dword ptr [rdi + 4], r14d
	mov	dword ptr [rdi + 8], ebp
	mov	dword ptr [rdi + 12], r11d
	jmp	.LBB4_3
.LBB4_1:
	xor	ecx, ecx
.LBB4_3:
	mov	dword ptr [rdi], ecx
	mov	rax, rdi
	pop	rbx
	pop	r12
	pop	r14
	pop	r15
	pop	rbp
	ret
.LBB4_13:
	mov	dword ptr [rdi + 4], r14d
	mov	dword ptr [rdi + 8], ebp
	mov	dword ptr [rdi + 12], r11d
	mov	dword ptr [rdi], ecx
	add	rax, 2
	lea	rcx, [rip + .Lanon.13dfa68c2449247a6c0815e2a5856bcf.7]
	mov	rdi, rax
	mov	rsi, rdx
	mov	rdx, rcx
	call	qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]
.LBB4_14:
	mov	dword ptr [rdi + 4], r14d
	mov	dword ptr [rdi + 8], ebp
	mov	dword ptr [rdi + 12], r11d
	mov	dword ptr [rdi], ecx
	add	rax, 3
	lea	rcx, [rip + .Lanon.13dfa68c2449247a6c0815e2a5856bcf.8]
	mov	rdi, rax
	mov	rsi, rdx
	mov	rdx, rcx
	call	qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]
.LBB4_10:
	mov	dword ptr [rdi + 4], r14d
	mov	dword ptr [rdi + 8], ebp
	mov	dword ptr [rdi + 12], r11d
	mov	dword ptr [rdi], ecx
	lea	rcx, [rip + .Lanon.13dfa68c2449247a6c0815e2a5856bcf.5]
	mov	rdi, rax
	mov	rsi, rdx
	mov	rdx, rcx
	call	qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]
.LBB4_12:
	mov	dword ptr [rdi + 4], r14d
	mov	dword ptr [rdi + 8], ebp
	mov	dword ptr [rdi + 12], r11d
	mov	dword ptr [rdi], ecx
	inc	rax
	lea	rcx, [rip + .Lanon.13dfa68c2449247a6c0815e2a5856bcf.6]
	mov	rdi, rax
	mov	rsi, rdx
	mov	rdx, rcx
	call	qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]

listing_06_04_bounds_checks::sum_channels:
	mov	rax, rdi
	movabs	rcx, 9223372036854775804
	and	rcx, rdx
	je	.LBB0_1
	add	rdx, -4
	mov	edi, edx
	not	edi
	test	dil, 12
	jne	.LBB0_5
	pxor	xmm0, xmm0
	jmp	.LBB0_7
.LBB0_1:
	xorps	xmm0, xmm0
	movups	xmmword ptr [rax], xmm0
	ret
.LBB0_5:
	mov	edi, edx
	shr	edi, 2
	inc	edi
	and	edi, 3
	pxor	xmm1, xmm1
	pxor	xmm0, xmm0
.LBB0_6:
	movd	xmm2, dword ptr [rsi]
	punpcklbw	xmm2, xmm1
	punpcklwd	xmm2, xmm1
	paddd	xmm0, xmm2
	add	rsi, 4
	add	rcx, -4
	dec	rdi
	jne	.LBB0_6
.LBB0_7:
	cmp	rdx, 12
	jb	.LBB0_2
	xor	edx, edx
	pxor	xmm1, xmm1
.LBB0_9:
	movd	xmm2, dword ptr [rsi + rdx]
	punpcklbw	xmm2, xmm1
	punpcklwd	xmm2, xmm1
	paddd	xmm2, xmm0
	movd	xmm0, dword ptr [rsi + rdx + 4]
	punpcklbw	xmm0, xmm1
	punpcklwd	xmm0, xmm1
	movd	xmm3, dword ptr [rsi + rdx + 8]
	punpcklbw	xmm3, xmm1
	punpcklwd	xmm3, xmm1
	paddd	xmm3, xmm0
	paddd	xmm3, xmm2
	movd	xmm0, dword ptr [rsi + rdx + 12]
	punpcklbw	xmm0, xmm1
	punpcklwd	xmm0, xmm1
	paddd	xmm0, xmm3
	add	rdx, 16
	cmp	rcx, rdx
	jne	.LBB0_9
.LBB0_2:
	movdqu	xmmword ptr [rax], xmm0
	ret
