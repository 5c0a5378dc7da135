//! The operators, one row each: the token, the symbol, the binding power (Python's precedence, loosest
//! first) and a help line. The parser's binding-power table, the printer's symbols, the REPL's operator
//! help and the operator lists of the property tests and fuzzers all come from these rows; what an
//! operator computes for each dtype is the type checker's rule (which IR operation it becomes) and `ops`.

use super::lexer::Tok;

/// Binding powers, loosest first. An infix operator binds its left operand with its power and its right
/// operand with power + 1 (left-associative), except `**`, whose right operand is a `unary`.
pub const BP_OR: u8 = 1;
pub const BP_AND: u8 = 2;
pub const BP_NOT: u8 = 3;
pub const BP_COMPARE: u8 = 4;
pub const BP_BITOR: u8 = 5;
pub const BP_BITXOR: u8 = 6;
pub const BP_BITAND: u8 = 7;
pub const BP_SHIFT: u8 = 8;
pub const BP_SUM: u8 = 9;
pub const BP_TERM: u8 = 10;
pub const BP_UNARY: u8 = 11;
pub const BP_POWER: u8 = 12;

/// The operators of one kind, written into the enum `$enum`.
macro_rules! operators {
    (
        $(#[$doc:meta])* enum $enum:ident, from $from:ident;
        $($(#[$attr:meta])* $variant:ident $tok:ident $symbol:literal $power:ident $help:literal;)*
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $enum {
            $($(#[$attr])* $variant,)*
        }

        impl $enum {
            /// Every operator of this kind, in the table's order (loosest first).
            pub const ALL: &'static [$enum] = &[$($enum::$variant),*];

            /// How it is written (a keyword with the space that follows it).
            pub fn symbol(self) -> &'static str {
                match self {
                    $($enum::$variant => $symbol,)*
                }
            }

            /// How tightly it binds: higher binds tighter.
            pub fn power(self) -> u8 {
                match self {
                    $($enum::$variant => $power,)*
                }
            }

            /// One line of help.
            pub fn help(self) -> &'static str {
                match self {
                    $($enum::$variant => $help,)*
                }
            }

            /// The operator a token starts, if any, and its binding power.
            pub fn $from(tok: Tok) -> Option<($enum, u8)> {
                match tok {
                    $(Tok::$tok => Some(($enum::$variant, $power)),)*
                    _ => None,
                }
            }
        }
    };
}

operators! {
    /// Operators of two operands.
    enum BinaryOp, from infix;
    /// `or`: `|` for bool operands only.
    Or Or "or" BP_OR "or of bools (Python's keyword precedence)";
    /// `and`: `&` for bool operands only.
    And And "and" BP_AND "and of bools";
    Lt Lt "<" BP_COMPARE "less than (one comparison per chain: `a < b < c` is an error)";
    Le Le "<=" BP_COMPARE "less than or equal";
    Eq EqEq "==" BP_COMPARE "equal";
    Ne Ne "!=" BP_COMPARE "not equal";
    Ge Ge ">=" BP_COMPARE "greater than or equal";
    Gt Gt ">" BP_COMPARE "greater than";
    BitOr Pipe "|" BP_BITOR "or of bools, bitwise or of integers";
    BitXor Caret "^" BP_BITXOR "exclusive or of bools, bitwise of integers";
    BitAnd Amp "&" BP_BITAND "and of bools, bitwise and of integers";
    Shl Shl "<<" BP_SHIFT "shift left (integers)";
    Shr Shr ">>" BP_SHIFT "shift right, arithmetic (integers)";
    Add Plus "+" BP_SUM "sum (or of bools)";
    Sub Minus "-" BP_SUM "difference (not for bools)";
    Mul Star "*" BP_TERM "product (and of bools)";
    MatMul At "@" BP_TERM "matrix product (NumPy's matmul): stacks of matrices broadcast, 1-d vectors";
    Div Slash "/" BP_TERM "true division: integers give float64";
    FloorDiv SlashSlash "//" BP_TERM "floored division";
    Mod Percent "%" BP_TERM "remainder with the divisor's sign";
    Pow StarStar "**" BP_POWER "power, right-associative: -a**2 is -(a**2)";
}

operators! {
    /// Operators of one operand, before it.
    enum UnaryOp, from prefix;
    /// `not`: `~` for bool operands only.
    Not Not "not " BP_NOT "not of a bool";
    Neg Minus "-" BP_UNARY "negation (not for bools)";
    Pos Plus "+" BP_UNARY "the operand itself (not for bools)";
    /// `~`: logical not on bool, bitwise not on integers.
    Invert Tilde "~" BP_UNARY "not of bools, bitwise not of integers";
}

impl BinaryOp {
    pub fn is_comparison(self) -> bool {
        self.power() == BP_COMPARE
    }
}
