//! `Two`: two vectors of one `Lanes` type side by side, each operation issued for the first and then the
//! second. A routine's lanes are one long dependency chain (`pow`'s logarithm feeds its exponential: about
//! 90 instructions, most waiting on the one before); one vector at a time, the out-of-order core's
//! scheduler fills with that chain's waiting instructions before it reaches the next vector's, so the
//! loop runs at the chain's latency. Two chains interleaved instruction by instruction give it two
//! independent instructions at every step. The operations are the same, lane for lane: the same bits.

use super::{Lanes, Widen};
use crate::vmath::Arith;

/// Two vectors of `A`: lanes `0..A::N` in the first, `A::N..2 A::N` in the second.
pub struct Two<A>(pub A);

/// A method of `Two` that applies `A`'s to each half.
macro_rules! both {
    ($name:ident($($arg:ident: $t:ident),*) -> $out:ident) => {
        #[inline(always)]
        fn $name(&mut self, $($arg: Self::$t),*) -> Self::$out {
            let first = self.0.$name($($arg.0),*);
            let second = self.0.$name($($arg.1),*);
            (first, second)
        }
    };
    ($name:ident($a:ident: I, n: u32)) => {
        #[inline(always)]
        fn $name(&mut self, $a: Self::I, n: u32) -> Self::I {
            let first = self.0.$name($a.0, n);
            let second = self.0.$name($a.1, n);
            (first, second)
        }
    };
}

impl<A: Arith> Arith for Two<A> {
    type F = (A::F, A::F);
    type I = (A::I, A::I);
    type M = (A::M, A::M);

    #[inline(always)]
    fn f(&mut self, v: f64) -> Self::F {
        let c = self.0.f(v);
        (c, c)
    }
    #[inline(always)]
    fn i(&mut self, v: i64) -> Self::I {
        let c = self.0.i(v);
        (c, c)
    }
    both!(add(a: F, b: F) -> F);
    both!(sub(a: F, b: F) -> F);
    both!(mul(a: F, b: F) -> F);
    both!(div(a: F, b: F) -> F);
    both!(fma(a: F, b: F, c: F) -> F);
    both!(rint(a: F) -> F);
    both!(sqrt(a: F) -> F);
    both!(trunc(a: F) -> F);
    both!(floor(a: F) -> F);
    both!(abs(a: F) -> F);
    both!(lt(a: F, b: F) -> M);
    both!(gt(a: F, b: F) -> M);
    both!(eq(a: F, b: F) -> M);
    both!(ult(a: F, b: F) -> M);
    both!(ule(a: F, b: F) -> M);
    both!(ugt(a: F, b: F) -> M);
    both!(uge(a: F, b: F) -> M);
    both!(or(a: M, b: M) -> M);
    both!(select(m: M, a: F, b: F) -> F);
    both!(float_to_bits(a: F) -> I);
    both!(bits_to_float(a: I) -> F);
    both!(iadd(a: I, b: I) -> I);
    both!(isub(a: I, b: I) -> I);
    both!(iand(a: I, b: I) -> I);
    both!(ior(a: I, b: I) -> I);
    both!(ixor(a: I, b: I) -> I);
    both!(shl(a: I, n: u32));
    both!(sshr(a: I, n: u32));
    both!(ushr(a: I, n: u32));
    both!(ieq(a: I, b: I) -> M);
}

impl<A: Lanes> Lanes for Two<A> {
    type Elem = A::Elem;
    const N: usize = 2 * A::N;

    #[inline(always)]
    unsafe fn load(&mut self, p: *const A::Elem) -> Self::F {
        // SAFETY: the caller gives `2 A::N` readable elements at `p`.
        unsafe { (self.0.load(p), self.0.load(p.add(A::N))) }
    }
    #[inline(always)]
    unsafe fn store(&mut self, p: *mut A::Elem, v: Self::F) {
        // SAFETY: the caller gives `2 A::N` writable elements at `p`.
        unsafe {
            self.0.store(p, v.0);
            self.0.store(p.add(A::N), v.1);
        }
    }
    #[inline(always)]
    fn bits(&mut self, m: Self::M) -> u64 {
        self.0.bits(m.0) | self.0.bits(m.1) << A::N
    }
}

impl<A: Widen> Widen for Two<A> {
    #[inline(always)]
    unsafe fn load_f32(&mut self, p: *const f32) -> Self::F {
        // SAFETY: the caller gives `2 A::N` readable float32s at `p`.
        unsafe { (self.0.load_f32(p), self.0.load_f32(p.add(A::N))) }
    }
    #[inline(always)]
    unsafe fn store_f32(&mut self, p: *mut f32, v: Self::F) {
        // SAFETY: the caller gives `2 A::N` writable float32s at `p`.
        unsafe {
            self.0.store_f32(p, v.0);
            self.0.store_f32(p.add(A::N), v.1);
        }
    }
}
