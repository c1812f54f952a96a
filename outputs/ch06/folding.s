$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-06-06-inlining --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_06_06_inlining::div_by_8:
	mov	eax, edi
	shr	eax, 3
	ret

listing_06_06_inlining::div_by_outlined:
	test	esi, esi
	je	.LBB1_2
	mov	eax, edi
	xor	edx, edx
	div	esi
	ret
.LBB1_2:
	push	rax
	lea	rdi, [rip + .Lanon.3848155ea0a17f215846186ebd86d33d.1]
	call	qword ptr [rip + core::panicking::panic_const::panic_const_div_by_zero@GOTPCREL]
