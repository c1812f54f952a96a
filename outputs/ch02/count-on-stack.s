$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-02-03-stack-or-heap --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_02_03_stack_or_heap::count_distinct_on_stack:
	sub	rsp, 136
	xorps	xmm0, xmm0
	movaps	xmmword ptr [rsp + 112], xmm0
	movaps	xmmword ptr [rsp + 96], xmm0
	movaps	xmmword ptr [rsp + 80], xmm0
	movaps	xmmword ptr [rsp + 64], xmm0
	movaps	xmmword ptr [rsp + 48], xmm0
	movaps	xmmword ptr [rsp + 32], xmm0
	movaps	xmmword ptr [rsp + 16], xmm0
	movaps	xmmword ptr [rsp], xmm0
	movaps	xmmword ptr [rsp - 16], xmm0
	movaps	xmmword ptr [rsp - 32], xmm0
	movaps	xmmword ptr [rsp - 48], xmm0
	movaps	xmmword ptr [rsp - 64], xmm0
	movaps	xmmword ptr [rsp - 80], xmm0
	movaps	xmmword ptr [rsp - 96], xmm0
	movaps	xmmword ptr [rsp - 112], xmm0
	movaps	xmmword ptr [rsp - 128], xmm0
	test	rsi, rsi
	je	.LBB1_1
	cmp	rsi, 1
	jne	.LBB1_4
	xor	eax, eax
	movzx	ecx, byte ptr [rdi]
	cmp	byte ptr [rsp + rcx - 128], 0
	je	.LBB1_13
.LBB1_14:
	add	rsp, 136
	ret
.LBB1_1:
	xor	eax, eax
	add	rsp, 136
	ret
.LBB1_4:
	movabs	rcx, 9223372036854775806
	and	rcx, rsi
	xor	eax, eax
	jmp	.LBB1_5
.LBB1_9:
	lea	rdi, [rdx + 2]
	add	rcx, -2
	je	.LBB1_10
.LBB1_5:
	mov	rdx, rdi
	movzx	edi, byte ptr [rdi]
	cmp	byte ptr [rsp + rdi - 128], 0
	je	.LBB1_6
	movzx	edi, byte ptr [rdx + 1]
	cmp	byte ptr [rsp + rdi - 128], 0
	jne	.LBB1_9
	jmp	.LBB1_8
.LBB1_6:
	mov	byte ptr [rsp + rdi - 128], 1
	inc	rax
	movzx	edi, byte ptr [rdx + 1]
	cmp	byte ptr [rsp + rdi - 128], 0
	jne	.LBB1_9
.LBB1_8:
	mov	byte ptr [rsp + rdi - 128], 1
	inc	rax
	jmp	.LBB1_9
.LBB1_10:
	test	sil, 1
	je	.LBB1_14
	add	rdx, 2
	mov	rdi, rdx
	movzx	ecx, byte ptr [rdi]
	cmp	byte ptr [rsp + rcx - 128], 0
	jne	.LBB1_14
.LBB1_13:
	mov	byte ptr [rsp + rcx - 128], 1
	inc	rax
	add	rsp, 136
	ret
