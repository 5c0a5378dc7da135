//! The JIT: a typed graph in, native code for one contiguous stretch out.
//!
//! `compile` emits one Cranelift function per graph: a loop that loads `LANES` elements of each input,
//! computes every live node in vector registers (`lower`), and stores the result; nothing is written to
//! memory between operations. The executor handles everything about arrays (strides, broadcasting,
//! remainders shorter than `LANES`, threads); a kernel sees only contiguous buffers whose length is a
//! multiple of its lane count. Each kernel owns its `JITModule`, freed when the kernel is dropped.

pub mod abi;
mod lower;
mod strips;
mod vmath;

use std::sync::{Arc, OnceLock};

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    types, AbiParam, BlockArg, InstBuilder, StackSlotData, StackSlotKind, UserFuncName, Value,
};
use cranelift_codegen::isa::{OwnedTargetIsa, TargetFrontendConfig, TargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, Linkage, Module};

pub use crate::contract::{Access, Signature, LEAF};
pub use abi::Code;
pub use lower::LANES;

use crate::dtype::DType;
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Graph, NodeId, Op};
use crate::ops::UnOp;
use crate::vmath::MathFn;
use lower::{input_mem, mem, vector_type, Bundle, Lowerer};

/// What `compile` can keep besides the code: the text the REPL's `:clif` and `:asm` show.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    /// The Cranelift IR after optimization.
    pub clif: String,
    /// The machine code as Cranelift lists it (its instructions before encoding).
    pub asm: String,
    /// The machine code's bytes, one entry per kernel in the order of the listing (each reduction's
    /// argument kernel, then the main one), before relocation (calls' addresses are zero), for a
    /// disassembler.
    pub code: Vec<Vec<u8>>,
}

/// The host's ISA with `opt_level=speed`, built once.
fn host_isa() -> Result<OwnedTargetIsa> {
    static ISA: OnceLock<std::result::Result<OwnedTargetIsa, String>> = OnceLock::new();
    let isa = ISA.get_or_init(|| {
        let mut flags = settings::builder();
        let set = |flags: &mut settings::Builder, k: &str, v: &str| {
            flags.set(k, v).map_err(|e| format!("setting {k}={v}: {e}"))
        };
        set(&mut flags, "opt_level", "speed")?;
        set(&mut flags, "is_pic", "false")?;
        set(&mut flags, "enable_verifier", if cfg!(debug_assertions) { "true" } else { "false" })?;
        let mut isa_builder = cranelift_native::builder().map_err(|e| e.to_string())?;
        // NUMJIT_NO_FMA=1 (or NUMJIT_NO_SSE41=1) compiles as for a CPU without the feature: the tests run
        // the code paths that such CPUs take.
        for (var, feature) in [("NUMJIT_NO_FMA", "has_fma"), ("NUMJIT_NO_SSE41", "has_sse41")] {
            if std::env::var_os(var).is_some_and(|v| v != "0") {
                isa_builder.set(feature, "false").map_err(|e| format!("{feature}: {e}"))?;
            }
        }
        isa_builder.finish(settings::Flags::new(flags)).map_err(|e| e.to_string())
    });
    isa.clone().map_err(|message| Error::general(ErrorKind::Codegen { message }))
}

fn codegen_error(e: impl std::fmt::Display) -> Error {
    Error::general(ErrorKind::Codegen { message: e.to_string() })
}

/// The most `weight` a kernel may have. Cranelift's time and memory grow faster than linearly with a
/// function's size and the number of values live across its loop: on this project's 2-core machine, 300
/// `sin` terms (weight about 31000) compile in 1.4 s, 1000 of them took 7.5 s and 1.3 GB, and 5000
/// distinct constants 8.5 s. The parser's node limit alone would let a single expression take minutes.
pub const MAX_WEIGHT: usize = 50_000;

/// An estimate of what `graph` costs Cranelift to compile: one per plain vector operation, ten per
/// constant (each is held in a register, or spilled, across the whole loop), a vector-math function
/// its row's weight in `vmath`'s table (a hundred), an operation called lane by lane a hundred (a call spills every vector register).
pub fn weight(graph: &Graph) -> usize {
    let live = graph.live();
    graph
        .nodes
        .iter()
        .zip(&live)
        .filter(|(_, &l)| l)
        .map(|(node, _)| match node.op {
            Op::Const(_) => 10,
            Op::Bytes(..) => 100,
            Op::Unary(UnOp::Math(f), _) => f.weight(),
            Op::Binary(op, a, _) => match op.float_math() {
                Some(f) if graph.nodes[a].dtype.is_float() => f.weight(),
                _ if abi::binary_helper(op, graph.nodes[a].dtype).is_some() => 100,
                _ => 1,
            },
            _ => 1,
        })
        .sum()
}

/// Whether `compile` also returns the kernel's Cranelift IR and machine code as text (a `Listing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Omit,
    Keep,
}

/// Compiles `graph` to a kernel that accesses its inputs and output as `sig` says; with `Text::Keep`,
/// also returns its Cranelift IR and machine code as text. A graph heavier than `MAX_WEIGHT` is an error.
pub fn compile(graph: &Graph, sig: &Signature, mode: Text) -> Result<(Arc<Code>, Option<Listing>)> {
    let listing = mode == Text::Keep;
    if weight(graph) > MAX_WEIGHT {
        let what = "the compiled kernel's weight (operations, with constants and math functions counting more)";
        return Err(Error::general(ErrorKind::TooComplex { what, limit: MAX_WEIGHT }));
    }
    let isa = host_isa()?;
    let frontend = isa.frontend_config();
    let ptr = isa.pointer_type();
    let mut module = JITModule::new(JITBuilder::with_isa(isa, default_libcall_names()));

    let mut ctx = module.make_context();
    ctx.func.signature.params.extend([AbiParam::new(ptr); 4]);
    ctx.func.name = UserFuncName::user(0, 0);
    ctx.set_disasm(listing);
    let mut fctx = FunctionBuilderContext::new();
    let id = module.declare_function("kernel", Linkage::Local, &ctx.func.signature).map_err(codegen_error)?;
    // Lowering and Cranelift's passes use deep frames (megabytes in a debug build): where less than
    // `RED_ZONE` is left, they run on a fresh stack of `STACK` bytes (mapped lazily).
    const RED_ZONE: usize = 4 << 20;
    const STACK: usize = 32 << 20;
    stacker::maybe_grow(RED_ZONE, STACK, || {
        build_function(graph, sig, &mut ctx, &mut fctx, frontend);
        module.define_function(id, &mut ctx).map_err(|e| codegen_error(format!("{e:?}")))
    })?;
    let text = listing.then(|| Listing {
        clif: ctx.func.display().to_string(),
        asm: ctx.compiled_code().and_then(|c| c.vcode.clone()).unwrap_or_default(),
        code: ctx.compiled_code().map(|c| vec![c.code_buffer().to_vec()]).unwrap_or_default(),
    });
    module.clear_context(&mut ctx);
    module.finalize_definitions().map_err(codegen_error)?;
    let f = module.get_finalized_function(id);
    // SAFETY: `f` is the finalized address of the function just defined in `module`, whose signature
    // is `KernelFn`'s four parameters (inputs, strides, output, len), and which touches only `len`
    // elements through each pointer (the loop below stops at `len`).
    let code = unsafe { Code::new(f, module, LANES) };
    Ok((Arc::new(code), text))
}

/// What a kernel's entry block computes once: the input pointers and strides, the output stride, and
/// the value of every live constant and splat input (the other nodes' entries are `None`).
struct Entry {
    in_ptrs: Vec<Option<Value>>,
    in_strides: Vec<Option<Value>>,
    out_stride: Option<Value>,
    vals: Vec<Option<Bundle>>,
}

/// Emits the entry block's loads: each used input's pointer (and stride), the output's stride, the
/// constants and the splat inputs.
fn entry_values(
    b: &mut FunctionBuilder,
    graph: &Graph,
    sig: &Signature,
    live: &[bool],
    (ins, strides): (Value, Value),
    call_conv: cranelift_codegen::isa::CallConv,
    ptr: cranelift_codegen::ir::Type,
) -> Entry {
    let used = graph.used_inputs();
    let n_in = graph.inputs.len();
    let mut in_ptrs = vec![None; n_in];
    let mut in_strides = vec![None; n_in];
    for (i, u) in used.iter().enumerate() {
        if *u {
            in_ptrs[i] = Some(b.ins().load(ptr, mem(), ins, (i * 8) as i32));
            if sig.inputs[i] == Access::Strided {
                in_strides[i] = Some(b.ins().load(ptr, mem(), strides, (i * 8) as i32));
            }
        }
    }
    let out_stride = (sig.output == Access::Strided).then(|| b.ins().load(ptr, mem(), strides, (n_in * 8) as i32));
    let mut vals: Vec<Option<Bundle>> = vec![None; graph.nodes.len()];
    let mut lw = Lowerer { b, call_conv, precision: graph.precision };
    for (id, node) in graph.nodes.iter().enumerate() {
        match (node.op, live[id]) {
            (Op::Const(c), true) => vals[id] = Some(lw.constant(c)),
            (Op::Input(k), true) if sig.inputs[k] == Access::Splat => {
                let base = in_ptrs[k].expect("a live input is used");
                vals[id] = Some(lw.load_splat(graph.inputs[k].dtype, base));
            }
            _ => {}
        }
    }
    Entry { in_ptrs, in_strides, out_stride, vals }
}

/// Emits the kernel: an entry block that loads input pointers and splats constants, then
/// `for (i = 0; i < len; i += LANES) { out[i..] = f(in[i..]) }`.
fn build_function(
    graph: &Graph,
    sig: &Signature,
    ctx: &mut Context,
    fctx: &mut FunctionBuilderContext,
    frontend: TargetFrontendConfig,
) {
    let (call_conv, ptr) = (frontend.default_call_conv, frontend.pointer_type());
    let mut b = FunctionBuilder::new(&mut ctx.func, fctx);
    let entry = b.create_block();
    let header = b.create_block();
    let body = b.create_block();
    let exit = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.append_block_param(header, ptr);
    b.switch_to_block(entry);
    let (ins, strides, out, len) = {
        let p = b.block_params(entry);
        (p[0], p[1], p[2], p[3])
    };
    let live = graph.live();
    let Entry { in_ptrs, in_strides, out_stride, mut vals } =
        entry_values(&mut b, graph, sig, &live, (ins, strides), call_conv, ptr);
    if let Some(plan) = strips::plan(graph, sig, &live, crate::wide::Width::host()) {
        let leaves = sig.output == Access::Leaves;
        let io = strips::Io { in_ptrs: &in_ptrs, in_strides: &in_strides, out, out_stride, len, ptr, leaves };
        strips::build(&mut b, graph, &plan, &vals, io, call_conv, exit);
        b.switch_to_block(exit);
        b.ins().return_(&[]);
        b.seal_all_blocks();
        b.finalize(frontend);
        return;
    }
    let zero = b.ins().iconst(ptr, 0);
    let mut start: Vec<BlockArg> = vec![zero.into()];
    if sig.output == Access::Leaves {
        // The running sums of a leaf-summing kernel travel through the loop header.
        let ty = vector_type(graph.dtype());
        let n = LANES / ty.lane_count() as usize;
        for _ in 0..n {
            b.append_block_param(header, ty);
        }
        let mut lw = Lowerer { b: &mut b, call_conv, precision: graph.precision };
        start.extend(lw.neg_zeros(ty, n).into_iter().map(BlockArg::from));
    }
    b.ins().jump(header, &start);

    // Step 2: the loop test.
    b.switch_to_block(header);
    let i = b.block_params(header)[0];
    let more = b.ins().icmp(cranelift_codegen::ir::condcodes::IntCC::UnsignedLessThan, i, len);
    b.ins().brif(more, body, &[], exit, &[]);

    // Step 3: the body, every live node in order. `sin` and `cos` of one float operand share one argument
    // reduction: the first of the pair met computes both.
    b.switch_to_block(body);
    let mut lw = Lowerer { b: &mut b, call_conv, precision: graph.precision };
    let holds_half = graph.holds_half();
    let trig: std::collections::HashMap<(UnOp, NodeId), NodeId> = graph
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(k, n)| match n.op {
            Op::Unary(op @ UnOp::Math(MathFn::Sin | MathFn::Cos), a) if live[k] => Some(((op, a), k)),
            _ => None,
        })
        .collect();
    let trig_of = |op: UnOp, a: NodeId| trig.get(&(op, a)).copied();
    // Where a byte-string operation's call writes its bools.
    let bools = lw.b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, LANES as u32, 3));
    for (id, node) in graph.nodes.iter().enumerate() {
        if !live[id] || vals[id].is_some() {
            continue;
        }
        if let Op::Unary(op @ UnOp::Math(MathFn::Sin | MathFn::Cos), a) = node.op {
            let other = if op == UnOp::Math(MathFn::Sin) { UnOp::Math(MathFn::Cos) } else { UnOp::Math(MathFn::Sin) };
            if let (true, Some(k)) = (node.dtype.is_float(), trig_of(other, a)) {
                let x = vals[a].clone().expect("operands precede their users");
                let (s, c) = vmath::lower_sincos(&mut lw, &x, node.dtype);
                let (sin_id, cos_id) = if op == UnOp::Math(MathFn::Sin) { (id, k) } else { (k, id) };
                vals[sin_id] = Some(s);
                vals[cos_id] = Some(c);
                continue;
            }
        }
        let get = |k: usize| vals[k].clone().expect("operands precede their users");
        let v = match node.op {
            Op::Const(_) => unreachable!("constants and splats were emitted in the entry block"),
            Op::Input(k) => load_input(&mut lw, graph.inputs[k].dtype, in_ptrs[k], in_strides[k], i),
            // Its lanes already hold float16 values.
            Op::Cast(a) if node.dtype == DType::F16 && holds_half[a] => get(a),
            Op::Cast(a) => lw.cast(&get(a), graph.nodes[a].dtype, node.dtype),
            Op::Unary(op, a) => vmath::unary(&mut lw, op, &get(a), graph.nodes[a].dtype),
            Op::Binary(op, a, c) => vmath::binary(&mut lw, op, &get(a), &get(c), graph.nodes[a].dtype),
            Op::Where(c, x, y) => lw.select(&get(c), &get(x), &get(y)),
            Op::MulAdd(a, b, c) => lw.mul_add(&get(a), &get(b), &get(c)),
            Op::Bytes(op, x, y) => {
                let operand = |lw: &mut Lowerer, k: usize| {
                    let dtype = graph.inputs[k].dtype;
                    let stride = match sig.inputs[k] {
                        Access::Splat => lw.b.ins().iconst(ptr, 0),
                        Access::Strided => in_strides[k].expect("a strided input's stride"),
                        _ => lw.b.ins().iconst(ptr, dtype.size() as i64),
                    };
                    let off = lw.b.ins().imul(i, stride);
                    let addr = lw.b.ins().iadd(in_ptrs[k].expect("a used input"), off);
                    let len = lw.b.ins().iconst(ptr, dtype.size() as i64);
                    [addr, stride, len]
                };
                let (a, c) = (operand(&mut lw, x), operand(&mut lw, y));
                let out = lw.b.ins().stack_addr(ptr, bools, 0);
                let code = lw.b.ins().iconst(types::I64, op.code() as i64);
                let mut sig = cranelift_codegen::ir::Signature::new(call_conv);
                sig.params.extend([AbiParam::new(ptr); 8]);
                let sig = lw.b.import_signature(sig);
                let callee = lw.b.ins().iconst(ptr, abi::bytes_lanes as *const u8 as i64);
                let args = [code, a[0], a[1], a[2], c[0], c[1], c[2], out];
                lw.b.ins().call_indirect(sig, callee, &args);
                lw.load(DType::Bool, out, mem())
            }
            Op::Reduce(..) => unreachable!("reductions are split into stages before code generation"),
        };
        vals[id] = Some(v);
    }
    let root = vals[graph.root].clone().expect("the root is live");
    let dt = graph.dtype();
    if sig.output == Access::Leaves {
        let acc = lw.b.block_params(header)[1..].to_vec();
        emit_leaf_sums(&mut lw, (header, i), (i, len, out), &acc, &root, dt);
    } else {
        match graph.imag_root {
            Some(im) => {
                let im = vals[im].clone().expect("the imaginary parts' root is live");
                store_pairs(&mut lw, dt, &root, &im, out, out_stride, i);
            }
            None => store_output(&mut lw, dt, &root, out, out_stride, i),
        }
        let next = lw.b.ins().iadd_imm_u(i, LANES as i64);
        lw.b.ins().jump(header, &[next.into()]);
    }

    b.switch_to_block(exit);
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(frontend);
}

/// Stores `LANES` complex elements from element `i` on, their parts `re` and `im` (of float dtype
/// `part`) side by side: contiguous, or each element at `stride` bytes.
fn store_pairs(lw: &mut Lowerer, part: DType, re: &Bundle, im: &Bundle, out: Value, stride: Option<Value>, i: Value) {
    match stride {
        Some(stride) => {
            let off = lw.b.ins().imul(i, stride);
            let addr = lw.b.ins().iadd(out, off);
            lw.store_pairs_strided(part, re, im, addr, stride);
        }
        None => {
            let off = lw.b.ins().imul_imm_u(i, 2 * part.size() as i64);
            let addr = lw.b.ins().iadd(out, off);
            lw.store_pairs(part, re, im, addr);
        }
    }
}

/// Loads `LANES` elements of an input of `dtype` from element `i` on: contiguous, or at `stride` bytes.
fn load_input(lw: &mut Lowerer, dtype: DType, base: Option<Value>, stride: Option<Value>, i: Value) -> Bundle {
    let base = base.expect("a live input is used");
    match stride {
        Some(stride) => {
            let off = lw.b.ins().imul(i, stride);
            let addr = lw.b.ins().iadd(base, off);
            lw.load_strided(dtype, addr, stride, input_mem())
        }
        None => {
            let off = lw.b.ins().imul_imm_u(i, dtype.size() as i64);
            let addr = lw.b.ins().iadd(base, off);
            lw.load(dtype, addr, input_mem())
        }
    }
}

/// Stores `LANES` result elements of `dtype` from element `i` on: contiguous, or at `stride` bytes.
fn store_output(lw: &mut Lowerer, dtype: DType, v: &Bundle, out: Value, stride: Option<Value>, i: Value) {
    match stride {
        Some(stride) => {
            let off = lw.b.ins().imul(i, stride);
            let addr = lw.b.ins().iadd(out, off);
            lw.store_strided(dtype, v, addr, stride);
        }
        None => {
            let off = lw.b.ins().imul_imm_u(i, dtype.size() as i64);
            let addr = lw.b.ins().iadd(out, off);
            lw.store(dtype, v, addr);
        }
    }
}

/// The loop tail of an `Access::Leaves` kernel: adds the iteration's values to the eight running sums
/// `acc` (the lanes of the header's parameters after its counter); at every 128th element (of the
/// stretch: `i` counts from its start) and at the end, stores their sum in NumPy's order,
/// ((0+1)+(2+3))+((4+5)+(6+7)), and starts again from -0.0. Jumps back to `header` either way, with its
/// counter advanced by `LANES` (the plain loop counts with `i` itself, a strip's loop from the strip's
/// start).
pub(crate) fn emit_leaf_sums(
    lw: &mut Lowerer,
    (header, counter): (cranelift_codegen::ir::Block, Value),
    (i, len, out): (Value, Value, Value),
    acc: &[Value],
    root: &Bundle,
    dt: crate::dtype::DType,
) {
    let sums: Vec<Value> = acc.iter().zip(&root.vecs).map(|(&a, &v)| lw.b.ins().fadd(a, v)).collect();
    let next = lw.b.ins().iadd_imm_u(i, LANES as i64);
    let leaf_end = lw.b.ins().band_imm_u(next, LEAF as i64 - 1);
    let at_leaf_end = lw.b.ins().icmp_imm_u(IntCC::Equal, leaf_end, 0);
    let at_end = lw.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, next, len);
    let flush = lw.b.ins().bor(at_leaf_end, at_end);
    let store = lw.b.create_block();
    let counter = lw.b.ins().iadd_imm_u(counter, LANES as i64);
    let args: Vec<BlockArg> = std::iter::once(counter).chain(sums.iter().copied()).map(BlockArg::from).collect();
    lw.b.ins().brif(flush, store, &[], header, &args);
    lw.b.switch_to_block(store);
    let per = root.ty.lane_count() as u8;
    let lanes: Vec<Value> =
        sums.iter().flat_map(|&v| (0..per).map(move |l| (v, l))).map(|(v, l)| lw.b.ins().extractlane(v, l)).collect();
    let mut add = |x: Value, y: Value| lw.b.ins().fadd(x, y);
    let (s01, s23, s45, s67) =
        (add(lanes[0], lanes[1]), add(lanes[2], lanes[3]), add(lanes[4], lanes[5]), add(lanes[6], lanes[7]));
    let (lo, hi) = (add(s01, s23), add(s45, s67));
    let total = add(lo, hi);
    let leaf = lw.b.ins().iadd_imm_s(next, -1);
    let leaf = lw.b.ins().ushr_imm_u(leaf, LEAF.trailing_zeros() as i64);
    let off = lw.b.ins().imul_imm_u(leaf, dt.size() as i64);
    let addr = lw.b.ins().iadd(out, off);
    lw.b.ins().store(mem(), total, addr, 0);
    let fresh = lw.neg_zeros(root.ty, root.vecs.len());
    let args: Vec<BlockArg> = std::iter::once(counter).chain(fresh).map(BlockArg::from).collect();
    lw.b.ins().jump(header, &args);
}

/// The ISA description, for the REPL and benchmarks: the target and the flags Cranelift uses.
pub fn host_description() -> String {
    match host_isa() {
        Ok(isa) => describe(&*isa),
        Err(e) => e.to_string(),
    }
}

fn describe(isa: &dyn TargetIsa) -> String {
    let flags: Vec<String> =
        isa.isa_flags().iter().filter(|f| f.as_bool() == Some(true)).map(|f| f.name.to_owned()).collect();
    let width = crate::wide::Width::host();
    format!("{} ({}); vector math at {} bits", isa.triple(), flags.join(", "), width.bits())
}
