$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-04-bounds-checks --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_04_bounds_checks::add_assign_indexed:
	push	rax
	test	r8, r8
	je	.LBB3_8
	cmp	rcx, rsi
	mov	rax, rsi
	cmovb	rax, rcx
	lea	r9, [r8 - 1]
	cmp	rax, r9
	cmovae	rax, r9
	cmp	rax, 7
	ja	.LBB3_3
	xor	eax, eax
	jmp	.LBB3_5
.LBB3_3:
	inc	rax
	mov	r9d, eax
	and	r9d, 7
	mov	r10d, 8
	cmovne	r10, r9
	sub	rax, r10
	xor	r9d, r9d
.LBB3_4:
	movdqu	xmm0, xmmword ptr [rdi + 4*r9]
	movdqu	xmm1, xmmword ptr [rdi + 4*r9 + 16]
	movdqu	xmm2, xmmword ptr [rdx + 4*r9]
	paddd	xmm2, xmm0
	movdqu	xmm0, xmmword ptr [rdx + 4*r9 + 16]
	paddd	xmm0, xmm1
	movdqu	xmmword ptr [rdi + 4*r9], xmm2
	movdqu	xmmword ptr [rdi + 4*r9 + 16], xmm0
	add	r9, 8
	cmp	rax, r9
	jne	.LBB3_4
.LBB3_5:
	cmp	rsi, rax
	je	.LBB3_10
	cmp	rcx, rax
	je	.LBB3_9
	mov	r9d, dword ptr [rdx + 4*rax]
	add	dword ptr [rdi + 4*rax], r9d
	inc	rax
	cmp	r8, rax
	jne	.LBB3_5
.LBB3_8:
	pop	rax
	ret
.LBB3_10:
	lea	rdx, [rip + .Lanon.13dfa68c2449247a6c0815e2a5856bcf.3]
	mov	rdi, rsi
	call	qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]
.LBB3_9:
	lea	rdx, [rip + .Lanon.13dfa68c2449247a6c0815e2a5856bcf.4]
	mov	rdi, rcx
	mov	rsi, rcx
	call	qword ptr [rip + core::panicking::panic_bounds_check@GOTPCREL]
