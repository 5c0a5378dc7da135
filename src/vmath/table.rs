//! The declaration of every vector-math function, one row each: its names, help line, whether float32
//! computes in float64, its compile weight, its lanes (the fast algorithm and the condition that sends a
//! lane to the cold path) and its full scalar versions. Everything else is derived from the rows: the IR
//! operation (`ops::UnOp::Math`, `ops::BinOp::Math`), the function table the type checker and the REPL
//! read (`funcs`), the scalar semantics (`ops`), the JIT's fast and cold paths (`jit::vmath`), the
//! helpers the cold lanes call (`jit::abi`), a kernel's compile weight, and the lists of functions the
//! property tests and fuzzers draw from. Adding a function, or a second implementation of every function,
//! touches these rows and the algorithms.
//!
//! A row's lanes are written once over `Arith`: `|a, fmt, x| (fast, cold)`, where `fast` is the fast
//! algorithm's result and `cold`, if any, the mask of lanes it does not cover (specials, huge or tiny
//! arguments, domain edges; NaN lanes are cold where the fast result could differ). Those lanes take the
//! full function, one at a time. A `widened` row's lanes are float64 whatever the operands' dtype, and
//! `fmt` is then the operands' format (float32's, for a float32 operand); a `native` row's are the
//! operands'; a `widened_high` row is widened at `Precision::High` and native at `Fast`. A row's float32
//! function is the second it names, or else its float64 one rounded once.

use super::*;

/// Lanes where |x| is not below `limit`, NaN included.
#[inline(always)]
fn abs_not_below<A: Arith>(a: &mut A, x: A::F, limit: f64) -> A::M {
    let ax = a.abs(x);
    let limit = a.f(limit);
    a.uge(ax, limit)
}

/// Lanes where |x| is above `limit`, NaN included.
#[inline(always)]
fn abs_above<A: Arith>(a: &mut A, x: A::F, limit: f64) -> A::M {
    let ax = a.abs(x);
    let limit = a.f(limit);
    a.ugt(ax, limit)
}

/// Lanes that are not a normal positive finite number: zero, subnormal, negative, infinite, NaN.
#[inline(always)]
fn not_positive_normal<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::M {
    let (min, inf) = (a.f(fmt.min_normal), a.f(f64::INFINITY));
    let low = a.ult(x, min);
    let top = a.eq(x, inf);
    a.or(low, top)
}

/// Lanes that are not a normal finite number: zero, subnormal, infinite, NaN.
#[inline(always)]
fn not_normal<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::M {
    let ax = a.abs(x);
    not_positive_normal(a, fmt, ax)
}

/// Lanes that are not a finite number above -1.
#[inline(always)]
fn not_above_minus_one<A: Arith>(a: &mut A, x: A::F) -> A::M {
    let (m1, inf) = (a.f(-1.0), a.f(f64::INFINITY));
    let low = a.ule(x, m1);
    let top = a.eq(x, inf);
    a.or(low, top)
}

/// Lanes beyond the format's trig limit (rare; NaN stays on the fast path, which keeps it).
#[inline(always)]
pub fn beyond_trig_limit<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::M {
    let ax = a.abs(x);
    let limit = a.f(fmt.trig_limit);
    a.gt(ax, limit)
}

/// `log1p`'s cold lanes: not a finite number above -1, and at `Precision::Fast` from `log1p_quick_limit`.
#[inline(always)]
fn log1p_cold<A: Arith>(a: &mut A, fmt: &Format, x: A::F) -> A::M {
    let out = not_above_minus_one(a, x);
    if !fmt.fast {
        return out;
    }
    let limit = a.f(log1p_quick_limit(fmt));
    let huge = a.uge(x, limit);
    a.or(out, huge)
}

/// `arccosh`'s cold lanes: below 1 (NaN included) or above `ASINH_LIMIT`.
#[inline(always)]
fn acosh_cold<A: Arith>(a: &mut A, x: A::F) -> A::M {
    let (one, huge) = (a.f(1.0), a.f(ASINH_LIMIT));
    let low = a.ult(x, one);
    let high = a.gt(x, huge);
    a.or(low, high)
}

/// `hypot_fast`'s cold lanes: |x| + |y| outside `hypot_fast_range`, or NaN.
#[inline(always)]
fn hypot_cold<A: Arith>(a: &mut A, fmt: &Format, y: A::F, x: A::F) -> A::M {
    let (ax, ay) = (a.abs(x), a.abs(y));
    let sum = a.add(ax, ay);
    let (lo, hi) = hypot_fast_range(fmt);
    let (lo, hi) = (a.f(lo), a.f(hi));
    let low = a.lt(sum, lo);
    let high = a.uge(sum, hi);
    a.or(low, high)
}

/// `atan2_fast`'s cold lanes: x or y infinite or NaN, or both zero (|x| + |y| zero or not below infinity).
#[inline(always)]
fn atan2_cold<A: Arith>(a: &mut A, y: A::F, x: A::F) -> A::M {
    let (ax, ay) = (a.abs(x), a.abs(y));
    let sum = a.add(ax, ay);
    let (zero, inf) = (a.f(0.0), a.f(f64::INFINITY));
    let none = a.eq(sum, zero);
    let huge = a.uge(sum, inf);
    a.or(none, huge)
}

/// `x ** y`: `pow_log` then `pow_exp_fast`, on the operands' lanes (float32's carried at `High`, plain at
/// `Fast`: `pow::POW_F32_CARRIED`, `POW_F32`). Cold where x is not a normal positive finite number, y is
/// not finite or |y log x| reaches `pow_fast_limit`.
#[inline(always)]
fn pow_lanes<A: Arith>(a: &mut A, fmt: &Format, x: A::F, y: A::F) -> (A::F, A::M) {
    let (p, p_lo) = pow_log(a, fmt, x, y, false);
    let fast = pow_exp_fast(a, fmt, p, p_lo);
    let (min, inf) = (a.f(fmt.min_normal), a.f(f64::INFINITY));
    let low = a.ult(x, min);
    let top = a.eq(x, inf);
    let y_big = abs_not_below(a, y, f64::INFINITY);
    let p_big = abs_not_below(a, p, pow_fast_limit(fmt));
    let m = a.or(low, top);
    let m = a.or(m, y_big);
    (fast, a.or(m, p_big))
}

/// The float32 version of a row: its own function, or the float64 one rounded once.
macro_rules! single {
    (($($v:expr),+), $f64:path) => {
        $f64($($v as f64),+) as f32
    };
    (($($v:expr),+), $f64:path, $f32:path) => {
        $f32($($v),+)
    };
}

/// The rows of one arity, with `$arg` the operands' names, written into the enum `$enum`.
macro_rules! rows {
    (
        $(#[$doc:meta])* enum $enum:ident ($($arg:ident),+), rows $rows_mod:ident: $row:ident, $visitor:ident;
        $($rows:tt)*
    ) => {
        rows!(@expand [$(#[$doc])*] $enum $rows_mod $row $visitor ($($arg),+) ($($arg),+) $($rows)*);
    };
    (
        @expand [$($doc:tt)*] $enum:ident $rows_mod:ident $row:ident $visitor:ident ($($arg:ident),+) $args:tt
        $(
            $(#[$attr:meta])*
            $variant:ident $kind:ident [$own:literal $(, $alias:literal)*] $help:literal, weight $weight:literal, $width:ident,
            |$a:ident, $fmt:ident, $($x:ident),+| $lanes:expr,
            full $full64:path $(, $full32:path)?;
        )*
    ) => {
        $($doc)*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $enum {
            $($(#[$attr])* $variant,)*
        }

        impl $enum {
            /// Every row, in the table's order.
            pub const ALL: &'static [$enum] = &[$($(#[$attr])* $enum::$variant,)*];

            /// What the IR and listings call it: its own name.
            pub fn name(self) -> &'static str {
                match self {
                    $($(#[$attr])* $enum::$variant => $own,)*
                }
            }

            /// The names an expression can call it by, each with its help line, its own name first and
            /// then its aliases; none for an operator's float lanes, which are not a function.
            pub fn names(self) -> &'static [(&'static str, &'static str)] {
                match self {
                    $($(#[$attr])* $enum::$variant => rows!(@names $kind, $own, $help $(, $alias)*),)*
                }
            }

            /// Whether float32 operands are computed in float64 and rounded once, at `precision`.
            pub fn widened_at(self, precision: Precision) -> bool {
                match self {
                    $($(#[$attr])* $enum::$variant => rows!(@widened $width, precision),)*
                }
            }

            /// What one use costs Cranelift, in the units of `jit::weight`.
            pub fn weight(self) -> usize {
                match self {
                    $($(#[$attr])* $enum::$variant => $weight,)*
                }
            }

            /// The fast algorithm over `a`'s lanes, and the mask of lanes it leaves to the full function
            /// (`None`: it covers every lane).
            #[inline(always)]
            pub fn lanes<A: Arith>(self, a: &mut A, fmt: &Format, $($arg: A::F),+) -> (A::F, Option<A::M>) {
                match self {
                    $($(#[$attr])* $enum::$variant => {
                        let ($a, $fmt) = (a, fmt);
                        rows!(@bind [$($x),+] $args);
                        $lanes
                    })*
                }
            }

            /// The full function of float64 operands.
            pub fn f64(self, $($arg: f64),+) -> f64 {
                match self {
                    $($(#[$attr])* $enum::$variant => $full64 $args,)*
                }
            }

            /// The full function of float32 operands.
            pub fn f32(self, $($arg: f32),+) -> f32 {
                match self {
                    $($(#[$attr])* $enum::$variant => single!($args, $full64 $(, $full32)?),)*
                }
            }

            /// What a kernel computes at `precision` for float64 operands: at `High` the full function
            /// (which is the fast algorithm wherever that covers the operands); at `Fast` the fast
            /// algorithm at `F64_FAST` where it covers them, else the full function, as the JIT's lanes
            /// and cold lanes compute it.
            pub fn f64_at(self, precision: Precision, $($arg: f64),+) -> f64 {
                if precision == Precision::High {
                    return self.f64($($arg),+);
                }
                match self.lanes(&mut Scalar64, &F64_FAST, $($arg),+) {
                    (_, Some(true)) => self.f64($($arg),+),
                    (v, _) => v,
                }
            }

            /// The same for float32 operands. A widened row's lanes are float64 with the float32 format
            /// (they may then be shorter than float64's), so it too takes its lanes where they cover the
            /// operands.
            pub fn f32_at(self, precision: Precision, $($arg: f32),+) -> f32 {
                let fmt = format(false, precision);
                let (v, cold) = if self.widened_at(precision) {
                    let (v, cold) = self.lanes(&mut Scalar64, fmt, $($arg as f64),+);
                    (v as f32, cold)
                } else if precision == Precision::High {
                    return self.f32($($arg),+);
                } else {
                    self.lanes(&mut Scalar32, fmt, $($arg),+)
                };
                if cold == Some(true) {
                    self.f32($($arg),+)
                } else {
                    v
                }
            }

            /// The full function as the JIT's cold lanes call it: float64.
            pub fn c_f64(self) -> extern "C" fn($(rows!(@f64 $arg)),+) -> f64 {
                match self {
                    $($(#[$attr])* $enum::$variant => rows!(@c f64 $args $full64 $args),)*
                }
            }

            /// Float32 lanes: the float32 function.
            pub fn c_f32(self) -> extern "C" fn($(rows!(@f32 $arg)),+) -> f32 {
                match self {
                    $($(#[$attr])* $enum::$variant => rows!(@c f32 $args $enum::$variant.f32 $args),)*
                }
            }

            /// Float32 operands on widened (float64) lanes: the float32 function, exact in float64.
            pub fn c_widened_f32(self) -> extern "C" fn($(rows!(@f64 $arg)),+) -> f64 {
                match self {
                    $($(#[$attr])* $enum::$variant => rows!(@wide $args $enum::$variant),)*
                }
            }

            /// Calls `v` with this row as a type, so that code generic over the row is compiled once for
            /// each (the wide routines: `R::F.lanes(..)` then has a constant row).
            pub fn visit<V: $visitor>(self, v: V) -> V::Out {
                match self {
                    $($(#[$attr])* $enum::$variant => v.visit::<$rows_mod::$variant>(),)*
                }
            }
        }

        /// A row of the table as a type.
        pub trait $row {
            const F: $enum;
        }

        /// Code generic over a row (see `visit`).
        pub trait $visitor {
            type Out;
            fn visit<R: $row>(self) -> Self::Out;
        }

        /// One type per row.
        pub mod $rows_mod {
            $(
                $(#[$attr])*
                pub struct $variant;
                $(#[$attr])*
                impl super::$row for $variant {
                    const F: super::$enum = super::$enum::$variant;
                }
            )*
        }
    };
    (@bind [$($x:ident),+] ($($arg:ident),+)) => {
        let [$($x),+] = [$($arg),+];
    };
    (@c $t:ident ($($arg:ident),+) $($call:tt)*) => {{
        extern "C" fn full($($arg: $t),+) -> $t {
            $($call)*
        }
        full
    }};
    (@wide ($($arg:ident),+) $enum:ident::$variant:ident) => {{
        extern "C" fn full($($arg: f64),+) -> f64 {
            $enum::$variant.f32($($arg as f32),+) as f64
        }
        full
    }};
    (@names function, $own:literal, $help:literal $(, $alias:literal)*) => {
        &[($own, $help) $(, ($alias, concat!($alias, ": ", $own, " under another name")))*]
    };
    (@names operator, $own:literal, $help:literal $(, $alias:literal)*) => {
        &[]
    };
    (@widened widened, $p:ident) => {{
        let _ = $p;
        true
    }};
    (@widened native, $p:ident) => {{
        let _ = $p;
        false
    }};
    (@widened widened_high, $p:ident) => {
        $p == Precision::High
    };
    (@f64 $arg:ident) => { f64 };
    (@f32 $arg:ident) => { f32 };
}

rows! {
    /// A float function of one operand.
    enum MathFn(x), rows unary_rows: UnaryRow, UnaryVisitor;

    Sin function ["sin"] "sin(x): the sine of x, in radians", weight 100, native,
        |a, fmt, x| (sin(a, fmt, x), Some(beyond_trig_limit(a, fmt, x))),
        full sin_f64, sin_f32;
    Cos function ["cos"] "cos(x): the cosine of x, in radians", weight 100, native,
        |a, fmt, x| (cos(a, fmt, x), Some(beyond_trig_limit(a, fmt, x))),
        full cos_f64, cos_f32;
    Tan function ["tan"] "tan(x): the tangent of x, in radians", weight 100, native,
        |a, fmt, x| (tan(a, fmt, x), Some(beyond_trig_limit(a, fmt, x))),
        full tan_f64, tan_f32;
    Arcsin function ["arcsin", "asin"] "arcsin(x): the angle in [-pi/2, pi/2] whose sine is x", weight 100, native,
        |a, fmt, x| (asin_acos(a, fmt, x, false), None),
        full asin_f64, asin_f32;
    Arccos function ["arccos", "acos"] "arccos(x): the angle in [0, pi] whose cosine is x", weight 100, native,
        |a, fmt, x| (asin_acos(a, fmt, x, true), None),
        full acos_f64, acos_f32;
    Arctan function ["arctan", "atan"] "arctan(x): the angle in [-pi/2, pi/2] whose tangent is x", weight 100, native,
        |a, fmt, x| (atan_fast(a, fmt, x), Some(abs_not_below(a, x, f64::INFINITY))),
        full atan_f64, atan_f32;
    Sinh function ["sinh"] "sinh(x): the hyperbolic sine, (e^x - e^-x) / 2", weight 100, widened_high,
        |a, fmt, x| (sinh_lanes(a, fmt, x), Some(abs_above(a, x, HYPERBOLIC_LIMIT))),
        full sinh_f64;
    Cosh function ["cosh"] "cosh(x): the hyperbolic cosine, (e^x + e^-x) / 2", weight 100, widened_high,
        |a, fmt, x| (cosh_lanes(a, fmt, x), Some(abs_above(a, x, HYPERBOLIC_LIMIT))),
        full cosh_f64;
    Tanh function ["tanh"] "tanh(x): the hyperbolic tangent, sinh(x) / cosh(x)", weight 100, native,
        |a, fmt, x| (tanh_lanes(a, fmt, x), Some(abs_above(a, x, HYPERBOLIC_LIMIT))),
        full tanh_f64, tanh_f32;
    Arcsinh function ["arcsinh", "asinh"] "arcsinh(x): the inverse hyperbolic sine", weight 100, widened_high,
        |a, fmt, x| (asinh_lanes(a, fmt, x), Some(abs_above(a, x, ASINH_LIMIT))),
        full asinh_f64;
    Arccosh function ["arccosh", "acosh"] "arccosh(x): the inverse hyperbolic cosine, for x >= 1", weight 100, widened_high,
        |a, fmt, x| (acosh_lanes(a, fmt, x), Some(acosh_cold(a, x))),
        full acosh_f64;
    Arctanh function ["arctanh", "atanh"] "arctanh(x): the inverse hyperbolic tangent, for |x| < 1", weight 100, widened_high,
        |a, fmt, x| (atanh_lanes(a, fmt, x), Some(abs_not_below(a, x, 1.0))),
        full atanh_f64;
    Exp function ["exp"] "exp(x): e to the power x", weight 100, native,
        |a, fmt, x| (exp_fast(a, fmt, x), Some(abs_not_below(a, x, exp_fast_limit(fmt)))),
        full exp_f64, exp_f32;
    Exp2 function ["exp2"] "exp2(x): 2 to the power x", weight 100, native,
        |a, fmt, x| (exp2_fast(a, fmt, x), Some(abs_not_below(a, x, exp2_fast_limit(fmt)))),
        full exp2_f64, exp2_f32;
    Expm1 function ["expm1"] "expm1(x): e^x - 1, accurate for small x", weight 100, native,
        |a, fmt, x| (expm1_fast(a, fmt, x), Some(abs_not_below(a, x, expm1_fast_limit(fmt)))),
        full expm1_f64, expm1_f32;
    Log function ["log"] "log(x): the natural logarithm", weight 100, native,
        |a, fmt, x| (log_fast(a, fmt, 1, x), Some(not_positive_normal(a, fmt, x))),
        full log_f64, log_f32;
    Log2 function ["log2"] "log2(x): the base-2 logarithm", weight 100, native,
        |a, fmt, x| (log_fast(a, fmt, 2, x), Some(not_positive_normal(a, fmt, x))),
        full log2_f64, log2_f32;
    Log10 function ["log10"] "log10(x): the base-10 logarithm", weight 100, native,
        |a, fmt, x| (log_fast(a, fmt, 10, x), Some(not_positive_normal(a, fmt, x))),
        full log10_f64, log10_f32;
    Log1p function ["log1p"] "log1p(x): log(1 + x), accurate for small x", weight 100, native,
        |a, fmt, x| (log1p_fast(a, fmt, x), Some(log1p_cold(a, fmt, x))),
        full log1p_f64, log1p_f32;
    Cbrt function ["cbrt"] "cbrt(x): the cube root", weight 100, native,
        |a, fmt, x| (cbrt_fast(a, fmt, x), Some(not_normal(a, fmt, x))),
        full cbrt_f64, cbrt_f32;
    // A function that exists only in the crate's own tests, to show that a row is all a function needs
    // (`lib.rs`'s test of it): twice x below 1e300 in magnitude, else 0 (so that cold lanes show).
    #[cfg(test)]
    Twice function ["throwaway_twice"] "throwaway_twice(x): 2 x below 1e300 in magnitude, else 0", weight 100, widened,
        |a, _fmt, x| (a.add(x, x), Some(abs_not_below(a, x, 1e300))),
        full twice_f64;
}

rows! {
    /// A float function of two operands (`y` first where it is the angle's or the norm's first
    /// coordinate), or an operator's float lanes (no names).
    enum MathFn2(x, y), rows binary_rows: BinaryRow, BinaryVisitor;

    Arctan2 function ["arctan2", "atan2"] "arctan2(y, x): the angle of the point (x, y)", weight 100, native,
        |a, fmt, y, x| (atan2_fast(a, fmt, y, x), Some(atan2_cold(a, y, x))),
        full atan2_f64, atan2_f32;
    Hypot function ["hypot"] "hypot(x, y): sqrt(x**2 + y**2) without overflow", weight 100, native,
        |a, fmt, y, x| (hypot_fast(a, y, x), Some(hypot_cold(a, fmt, y, x))),
        full hypot_f64, hypot_f32;
    Pow operator ["pow"] "x ** y of floats", weight 100, native,
        |a, fmt, x, y| {
            let (fast, cold) = pow_lanes(a, fmt, x, y);
            (fast, Some(cold))
        },
        full pow_f64, pow_f32;
}

#[cfg(test)]
fn twice_f64(x: f64) -> f64 {
    if x.abs() < 1e300 {
        x + x
    } else {
        0.0
    }
}
