$ rustc --version
rustc 1.95.0 (59807616e 2026-04-14)
$ cargo rustc --release -p listing-02-04-optimised-away --lib -- --emit asm -C llvm-args=-x86-asm-syntax=intel

listing_02_04_optimised_away::answer_from_a_box:
	push	rax
	call	qword ptr [rip + __rustc::__rust_no_alloc_shim_is_unstable_v2@GOTPCREL]
	mov	eax, 42
	pop	rcx
	ret

listing_02_04_optimised_away::answer_from_an_observed_box:
	push	rbx
	sub	rsp, 16
	call	qword ptr [rip + __rustc::__rust_no_alloc_shim_is_unstable_v2@GOTPCREL]
	mov	edi, 8
	mov	esi, 8
	call	qword ptr [rip + __rustc::__rust_alloc@GOTPCREL]
	test	rax, rax
	je	.LBB1_2
	mov	qword ptr [rax], 41
	mov	qword ptr [rsp + 8], rax
	lea	rax, [rsp + 8]
	#APP
	#NO_APP
	mov	rdi, qword ptr [rsp + 8]
	mov	rbx, qword ptr [rdi]
	inc	rbx
	mov	esi, 8
	mov	edx, 8
	call	qword ptr [rip + __rustc::__rust_dealloc@GOTPCREL]
	mov	rax, rbx
	add	rsp, 16
	pop	rbx
	ret
.LBB1_2:
	mov	edi, 8
	mov	esi, 8
	call	qword ptr [rip + alloc::alloc::handle_alloc_error@GOTPCREL]
