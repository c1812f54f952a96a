$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-02-02-move-or-borrow --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_02_02_move_or_borrow::pass_a_copy_of_a_page:
	push	r14
	push	rbx
	sub	rsp, 4096
	mov	qword ptr [rsp], 0
	push	rax
	mov	rbx, rdi
	lea	r14, [rsp + 8]
	mov	edx, 4096
	mov	rdi, r14
	call	qword ptr [rip + memcpy@GOTPCREL]
	mov	rdi, r14
	call	rbx
	add	rsp, 4104
	pop	rbx
	pop	r14
	ret

listing_02_02_move_or_borrow::pass_a_page_on:
	mov	rax, rdi
	mov	rdi, rsi
	jmp	rax

listing_02_02_move_or_borrow::lend_a_page:
	mov	rax, rdi
	mov	rdi, rsi
	jmp	rax

listing_02_02_move_or_borrow::pass_a_copy_of_16_bytes:
	sub	rsp, 24
	mov	rax, rdi
	movups	xmm0, xmmword ptr [rsi]
	movaps	xmmword ptr [rsp], xmm0
	mov	rdi, rsp
	call	rax
	add	rsp, 24
	ret
