//! Kernels cut at math calls, for the wide routines (`crate::wide`): the kernel walks its stretch in
//! strips of `STRIP` elements, and each strip in phases. A phase is a loop over the strip, `LANES`
//! elements an iteration, that computes the nodes whose operands are ready and stores into the strip's
//! buffers what later phases or the math routines read; after it, the routines of the math nodes whose
//! arguments are now complete map their argument buffers into result buffers at the CPU's full width.
//! The buffers are stack slots of the kernel: L1-resident, never allocated, never larger than a strip.
//!
//! A node's phase is the number of math calls on its longest path from the inputs (`avail`); a math
//! node's call follows the phase of its arguments. Inputs are loaded again in each phase that reads them,
//! constants and splats are in registers throughout; any other value a later phase reads goes through a
//! buffer. A math node whose argument is a contiguous input reads the input in place, and one that is the
//! root of a contiguous result writes it in place: `exp(a)` is a routine call per strip and nothing else.
//!
//! float16 casts are routines too where the CPU has conversion instructions (`wide::half_strip`): a
//! contiguous float16 input widened to float32, a float32 value rounded to float16. A float16 node's
//! buffer holds its values as float32 (its lanes' form), so a later phase reads it with no conversion;
//! only the result written in place is float16 bits.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, AbiParam, Block, BlockArg, InstBuilder, StackSlotData, StackSlotKind, Type, Value};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::FunctionBuilder;

use super::lower::{mem, Bundle, Lowerer, LANES};
use super::vmath;
use crate::contract::{Access, Signature, LEAF};
use crate::dtype::DType;
use crate::ir::{Graph, NodeId, Op};
use crate::ops::UnOp;
use crate::vmath::MathFn;
use crate::wide::{self, BinaryStrip, HalfOp, SinCosStrip, UnaryStrip, Width};

/// Elements per strip: a multiple of `LANES` (a kernel's stretch is one), small enough that a strip's
/// buffers stay in the first-level cache. Measured (2 vCPUs of an AMD EPYC Zen 4, AVX-512): 128 and 256
/// are alike for one function; 128 is up to 1.5x faster for expressions of several phases; 512 and
/// 1024 are slower (the buffers leave L1).
pub const STRIP: usize = 128;

// A leaf-summing kernel's strips start on leaf boundaries, so each strip's last phase sums whole leaves.
const _: () = assert!(STRIP.is_multiple_of(LEAF));

/// The most buffers a kernel may keep on its stack (a strip each, 1 KiB): 32 KiB at most, well inside
/// any thread's stack; a graph that needs more keeps Cranelift's 128-bit math.
const MAX_SLOTS: usize = 32;

/// A math node's routine.
#[derive(Clone, Copy)]
enum Routine {
    Unary(UnaryStrip),
    Binary(BinaryStrip),
    /// `sin` of a node, computed with the `cos` of the same operand (the node named) by one call.
    SinCos(SinCosStrip, NodeId),
    /// That `cos`: its values come with the `sin`'s call.
    Paired,
    /// A float16 input widened to float32 (a cast read in place from the input).
    Widen(UnaryStrip),
    /// A float32 value rounded to float16: into its buffer as float32, or as the root written in place,
    /// into the output as float16 bits.
    Half {
        round: UnaryStrip,
        narrow: UnaryStrip,
    },
}

/// How a graph is cut: each node's phase, each math node's routine, the buffers.
pub struct Plan {
    avail: Vec<usize>,
    routine: Vec<Option<Routine>>,
    /// Which nodes hold float16 values in float32 (`Graph::holds_half`).
    holds_half: Vec<bool>,
    /// The buffer of each node that has one.
    slot: Vec<Option<usize>>,
    slots: usize,
    /// Whether the root is a math node that writes the output in place.
    root_in_place: bool,
    phases: usize,
}

/// The cut of `graph` for `width`, or `None` where it keeps the plain loop: no wide routines at this
/// width, no live math node, or too many buffers.
pub fn plan(graph: &Graph, sig: &Signature, live: &[bool], width: Width) -> Option<Plan> {
    // A graph of a complex result (two roots, no math calls) is one plain loop, and so is one that
    // compares byte strings (a call per iteration, whatever the width).
    let bytes = graph.nodes.iter().zip(live).any(|(n, &l)| l && matches!(n.op, Op::Bytes(..)));
    if width == Width::W128 || graph.imag_root.is_some() || bytes {
        return None;
    }
    let n = graph.nodes.len();
    let holds_half = graph.holds_half();
    let contiguous_input = |o: NodeId| matches!(graph.nodes[o].op, Op::Input(k) if sig.inputs[k] == Access::Contiguous);
    let mut routine = vec![None; n];
    for (id, node) in graph.nodes.iter().enumerate() {
        if !live[id] || !node.dtype.is_float() {
            continue;
        }
        routine[id] = match node.op {
            Op::Cast(a) => match (graph.nodes[a].dtype, node.dtype) {
                (DType::F16, DType::F32) if contiguous_input(a) => {
                    wide::half_strip(width, HalfOp::Widen).map(Routine::Widen)
                }
                // Rounding what float16 already holds is a copy, which the phase's loop makes, unless the
                // routine writes the result in place.
                (DType::F32, DType::F16)
                    if holds_half[a] && !(id == graph.root && sig.output == Access::Contiguous) =>
                {
                    None
                }
                (DType::F32, DType::F16) => {
                    match (wide::half_strip(width, HalfOp::Round), wide::half_strip(width, HalfOp::Narrow)) {
                        (Some(round), Some(narrow)) => Some(Routine::Half { round, narrow }),
                        _ => None,
                    }
                }
                _ => None,
            },
            Op::Unary(UnOp::Math(f), _) => {
                Some(Routine::Unary(wide::unary_strip(width, f, node.dtype, graph.precision)?))
            }
            Op::Binary(op, _, _) => match op.float_math() {
                Some(f) => Some(Routine::Binary(wide::binary_strip(width, f, node.dtype, graph.precision)?)),
                None => None,
            },
            _ => None,
        };
    }
    if routine.iter().all(Option::is_none) {
        return None;
    }
    // `sin` and `cos` of one operand share one argument reduction, as in the plain loop.
    let cos_of: std::collections::HashMap<NodeId, NodeId> = graph
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(id, node)| match node.op {
            Op::Unary(UnOp::Math(MathFn::Cos), a) if routine[id].is_some() => Some((a, id)),
            _ => None,
        })
        .collect();
    for (id, node) in graph.nodes.iter().enumerate() {
        if let (Op::Unary(UnOp::Math(MathFn::Sin), a), Some(_)) = (node.op, routine[id]) {
            if let (Some(&c), Some(f)) = (cos_of.get(&a), wide::sincos_strip(width, node.dtype, graph.precision)) {
                routine[id] = Some(Routine::SinCos(f, c));
                routine[c] = Some(Routine::Paired);
            }
        }
    }
    let mut avail = vec![0; n];
    for (id, node) in graph.nodes.iter().enumerate() {
        let a = node.operands().map(|o| avail[o]).max().unwrap_or(0);
        avail[id] = a + usize::from(routine[id].is_some());
    }
    let in_registers = |o: NodeId| match graph.nodes[o].op {
        Op::Const(_) => true,
        Op::Input(k) => sig.inputs[k] == Access::Splat,
        _ => false,
    };
    let root_in_place = routine[graph.root].is_some() && sig.output == Access::Contiguous;
    let mut needs = vec![false; n];
    for (id, node) in graph.nodes.iter().enumerate() {
        if !live[id] {
            continue;
        }
        if routine[id].is_some() {
            needs[id] = !(id == graph.root && root_in_place);
            for o in node.operands() {
                needs[o] |= !contiguous_input(o);
            }
        } else {
            for o in node.operands() {
                let reloaded = matches!(graph.nodes[o].op, Op::Input(_)) || in_registers(o);
                needs[o] |= avail[o] < avail[id] && !reloaded && routine[o].is_none();
            }
        }
    }
    let mut slot = vec![None; n];
    let mut slots = 0;
    for id in 0..n {
        if needs[id] {
            slot[id] = Some(slots);
            slots += 1;
        }
    }
    if slots > MAX_SLOTS {
        return None;
    }
    let phases = if root_in_place { avail[graph.root] } else { avail[graph.root] + 1 };
    Some(Plan { avail, routine, holds_half, slot, slots, root_in_place, phases })
}

/// The kernel's memory: the input pointers and strides, the output and its stride, the stretch length.
pub struct Io<'a> {
    pub in_ptrs: &'a [Option<Value>],
    pub in_strides: &'a [Option<Value>],
    pub out: Value,
    pub out_stride: Option<Value>,
    pub len: Value,
    pub ptr: Type,
    /// Whether the kernel writes leaf sums (`Access::Leaves`) rather than values.
    pub leaves: bool,
}

/// Emits the strip loop after the entry block (whose constants and splats are `entry`), ending in a jump
/// to `exit`.
pub fn build(
    b: &mut FunctionBuilder,
    graph: &Graph,
    plan: &Plan,
    entry: &[Option<Bundle>],
    io: Io,
    call_conv: CallConv,
    exit: Block,
) {
    let ptr = io.ptr;
    // The buffers, and the address of each.
    let bases: Vec<Value> = (0..plan.slots)
        .map(|_| {
            let data = StackSlotData::new(StackSlotKind::ExplicitSlot, (STRIP * 8) as u32, 6);
            let slot = b.create_sized_stack_slot(data);
            b.ins().stack_addr(ptr, slot, 0)
        })
        .collect();
    let outer = b.create_block();
    let strip = b.create_block();
    b.append_block_param(outer, ptr);
    let zero = b.ins().iconst(ptr, 0);
    b.ins().jump(outer, &[zero.into()]);

    // The strip loop: s from 0 by STRIP while s < len; n = min(STRIP, len - s).
    b.switch_to_block(outer);
    let s = b.block_params(outer)[0];
    let more = b.ins().icmp(IntCC::UnsignedLessThan, s, io.len);
    b.ins().brif(more, strip, &[], exit, &[]);
    b.switch_to_block(strip);
    let left = b.ins().isub(io.len, s);
    let full = b.ins().iconst(ptr, STRIP as i64);
    let n = b.ins().umin(left, full);

    let mut lw = Lowerer { b, call_conv, precision: graph.precision };
    for phase in 0..plan.phases {
        emit_phase(&mut lw, graph, plan, entry, &io, &bases, (s, n), phase);
        emit_calls(&mut lw, graph, plan, &io, &bases, (s, n), phase);
    }
    let next = lw.b.ins().iadd_imm_u(s, STRIP as i64);
    lw.b.ins().jump(outer, &[next.into()]);
}

/// One phase's loop over the strip: the nodes of this phase that something needs, the stores into
/// their buffers, and in the last phase the result.
#[allow(clippy::too_many_arguments)]
fn emit_phase(
    lw: &mut Lowerer,
    graph: &Graph,
    plan: &Plan,
    entry: &[Option<Bundle>],
    io: &Io,
    bases: &[Value],
    (s, n): (Value, Value),
    phase: usize,
) {
    let nodes = &graph.nodes;
    let last = phase + 1 == plan.phases && !plan.root_in_place;
    // What this phase stores: the buffered non-math nodes of its own phase, and the result.
    let stores: Vec<NodeId> = (0..nodes.len())
        .filter(|&id| plan.slot[id].is_some() && plan.routine[id].is_none() && plan.avail[id] == phase)
        .collect();
    let mut need = vec![false; nodes.len()];
    for &id in &stores {
        need[id] = true;
    }
    if last {
        need[graph.root] = true;
    }
    if !need.iter().any(|&x| x) {
        return;
    }
    // What computing those reads, marked from the users down (nodes come children first).
    let computed_here = |id: NodeId| {
        plan.routine[id].is_none() && entry[id].is_none() && plan.avail[id] == phase && !is_input(graph, id)
    };
    for id in (0..nodes.len()).rev() {
        if need[id] && computed_here(id) {
            for o in nodes[id].operands() {
                need[o] = true;
            }
        }
    }
    let header = lw.b.create_block();
    let body = lw.b.create_block();
    let after = lw.b.create_block();
    lw.b.append_block_param(header, io.ptr);
    let zero = lw.b.ins().iconst(io.ptr, 0);
    let mut start: Vec<BlockArg> = vec![zero.into()];
    let leaves = last && io.leaves;
    if leaves {
        // The running leaf sums travel through this phase's header, from -0.0 at each strip's start.
        let ty = super::vector_type(graph.dtype());
        let k = LANES / ty.lane_count() as usize;
        for _ in 0..k {
            lw.b.append_block_param(header, ty);
        }
        start.extend(lw.neg_zeros(ty, k).into_iter().map(BlockArg::from));
    }
    lw.b.ins().jump(header, &start);
    lw.b.switch_to_block(header);
    let j = lw.b.block_params(header)[0];
    let more = lw.b.ins().icmp(IntCC::UnsignedLessThan, j, n);
    lw.b.ins().brif(more, body, &[], after, &[]);
    lw.b.switch_to_block(body);
    let i = lw.b.ins().iadd(s, j);
    let mut vals: Vec<Option<Bundle>> = vec![None; nodes.len()];
    for (id, node) in nodes.iter().enumerate() {
        if !need[id] {
            continue;
        }
        let buffered = |lw: &mut Lowerer, slot: usize| {
            let dt = buffer_dtype(node.dtype);
            let off = lw.b.ins().imul_imm_u(j, dt.size() as i64);
            let addr = lw.b.ins().iadd(bases[slot], off);
            lw.load(dt, addr, mem())
        };
        let v = if let Some(v) = &entry[id] {
            v.clone()
        } else if let (Op::Input(k), true) = (node.op, is_input(graph, id)) {
            super::load_input(lw, graph.inputs[k].dtype, io.in_ptrs[k], io.in_strides[k], i)
        } else if !computed_here(id) {
            buffered(lw, plan.slot[id].expect("a value read in a later phase has a buffer"))
        } else {
            let get = |k: NodeId| vals[k].clone().expect("operands precede their users");
            match node.op {
                Op::Cast(a) if node.dtype == DType::F16 && plan.holds_half[a] => get(a),
                Op::Cast(a) => lw.cast(&get(a), nodes[a].dtype, node.dtype),
                Op::Unary(op, a) => vmath::unary(lw, op, &get(a), nodes[a].dtype),
                Op::Binary(op, a, c) => vmath::binary(lw, op, &get(a), &get(c), nodes[a].dtype),
                Op::Where(c, x, y) => lw.select(&get(c), &get(x), &get(y)),
                Op::MulAdd(a, b, c) => lw.mul_add(&get(a), &get(b), &get(c)),
                Op::Input(_) | Op::Const(_) | Op::Reduce(..) => unreachable!("inputs and constants are read above"),
                Op::Bytes(..) => unreachable!("graphs with byte strings are not cut into strips (`plan`)"),
            }
        };
        vals[id] = Some(v);
    }
    for &id in &stores {
        let dt = buffer_dtype(nodes[id].dtype);
        let off = lw.b.ins().imul_imm_u(j, dt.size() as i64);
        let addr = lw.b.ins().iadd(bases[plan.slot[id].expect("stored nodes have buffers")], off);
        lw.store(dt, vals[id].as_ref().expect("a stored node is computed"), addr);
    }
    if leaves {
        let root = vals[graph.root].clone().expect("the root is computed in the last phase");
        let acc = lw.b.block_params(header)[1..].to_vec();
        super::emit_leaf_sums(lw, (header, j), (i, io.len, io.out), &acc, &root, graph.dtype());
    } else {
        if last {
            let root = vals[graph.root].clone().expect("the root is computed in the last phase");
            super::store_output(lw, graph.dtype(), &root, io.out, io.out_stride, i);
        }
        let next = lw.b.ins().iadd_imm_u(j, LANES as i64);
        lw.b.ins().jump(header, &[next.into()]);
    }
    lw.b.switch_to_block(after);
}

/// The form of a node's values in its buffer: float16 as float32, which its lanes hold (and the
/// conversion routines write); every other dtype as itself.
fn buffer_dtype(dtype: DType) -> DType {
    if dtype == DType::F16 {
        DType::F32
    } else {
        dtype
    }
}

/// Whether node `id` is an input read from memory (not a splat, which is in registers).
fn is_input(graph: &Graph, id: NodeId) -> bool {
    matches!(graph.nodes[id].op, Op::Input(_))
}

/// The routines of the math nodes whose arguments the phase completed.
fn emit_calls(
    lw: &mut Lowerer,
    graph: &Graph,
    plan: &Plan,
    io: &Io,
    bases: &[Value],
    (s, n): (Value, Value),
    phase: usize,
) {
    for (id, node) in graph.nodes.iter().enumerate() {
        let Some(routine) = plan.routine[id] else { continue };
        if plan.avail[id] != phase + 1 {
            continue;
        }
        // An operand's strip: its buffer, or the contiguous input itself from the strip's start.
        let strip_of = |lw: &mut Lowerer, o: NodeId| match plan.slot[o] {
            Some(k) => bases[k],
            None => {
                let Op::Input(k) = graph.nodes[o].op else { unreachable!("unbuffered operands are inputs") };
                let off = lw.b.ins().imul_imm_u(s, graph.nodes[o].dtype.size() as i64);
                lw.b.ins().iadd(io.in_ptrs[k].expect("a live input is used"), off)
            }
        };
        let dst_of = |lw: &mut Lowerer, id: NodeId| match plan.slot[id] {
            Some(k) => bases[k],
            None => {
                let off = lw.b.ins().imul_imm_u(s, graph.nodes[id].dtype.size() as i64);
                lw.b.ins().iadd(io.out, off)
            }
        };
        let (args, address) = match (routine, node.op) {
            (Routine::Paired, _) => continue,
            (Routine::Unary(f), Op::Unary(_, a)) => (vec![strip_of(lw, a), dst_of(lw, id), n], f as usize),
            (Routine::SinCos(f, cos), Op::Unary(_, a)) => {
                (vec![strip_of(lw, a), dst_of(lw, id), dst_of(lw, cos), n], f as usize)
            }
            (Routine::Binary(f), Op::Binary(_, a, c)) => {
                let (x, y) = (strip_of(lw, a), strip_of(lw, c));
                (vec![x, y, dst_of(lw, id), n], f as usize)
            }
            (Routine::Widen(f), Op::Cast(a)) => (vec![strip_of(lw, a), dst_of(lw, id), n], f as usize),
            (Routine::Half { round, narrow }, Op::Cast(a)) => {
                // In place, the root's float16 bits go to the output; else float32 values to the buffer.
                let f = if plan.slot[id].is_some() { round } else { narrow };
                (vec![strip_of(lw, a), dst_of(lw, id), n], f as usize)
            }
            _ => unreachable!("a routine matches its node's arity"),
        };
        let mut sig = cranelift_codegen::ir::Signature::new(lw.call_conv);
        sig.params.extend(args.iter().map(|_| AbiParam::new(io.ptr)));
        let sig = lw.b.import_signature(sig);
        let callee = lw.b.ins().iconst(types::I64, address as i64);
        lw.b.ins().call_indirect(sig, callee, &args);
    }
}
