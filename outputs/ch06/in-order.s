$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-05-vectorisation --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_05_vectorisation::sum_f32_in_order:
	test	rsi, rsi
	je	.LBB1_1
	mov	eax, esi
	and	eax, 7
	cmp	rsi, 8
	jae	.LBB1_4
	movss	xmm0, dword ptr [rip + .LCPI1_0]
	xor	ecx, ecx
	jmp	.LBB1_7
.LBB1_1:
	movss	xmm0, dword ptr [rip + .LCPI1_0]
	ret
.LBB1_4:
	movabs	rcx, 2305843009213693944
	and	rsi, rcx
	movss	xmm0, dword ptr [rip + .LCPI1_0]
	xor	ecx, ecx
.LBB1_5:
	addss	xmm0, dword ptr [rdi + 4*rcx]
	addss	xmm0, dword ptr [rdi + 4*rcx + 4]
	addss	xmm0, dword ptr [rdi + 4*rcx + 8]
	addss	xmm0, dword ptr [rdi + 4*rcx + 12]
	addss	xmm0, dword ptr [rdi + 4*rcx + 16]
	addss	xmm0, dword ptr [rdi + 4*rcx + 20]
	addss	xmm0, dword ptr [rdi + 4*rcx + 24]
	addss	xmm0, dword ptr [rdi + 4*rcx + 28]
	add	rcx, 8
	cmp	rsi, rcx
	jne	.LBB1_5
	test	rax, rax
	je	.LBB1_9
.LBB1_7:
	lea	rcx, [rdi + 4*rcx]
	xor	edx, edx
.LBB1_8:
	addss	xmm0, dword ptr [rcx + 4*rdx]
	inc	rdx
	cmp	rax, rdx
	jne	.LBB1_8
.LBB1_9:
	ret
