//! The compiled form of a rule set: each rule a union of cubes, each cube a few bit tests.
//!
//! A complaint is projected once into a fact vector — one small integer per finite dimension
//! (category as its taxonomy number, kind, channel, severity, amount bucket, branch, window
//! buckets) and one 64-bit word of yes/no flags (tags, attributes, parties). A cube is then a
//! handful of "bit `v` of this mask" tests plus one masked compare of the flags. Nothing is
//! allocated per complaint.

use super::analysis::{
    Cube, Flag, Space, AMOUNT, BRANCH, CATEGORY, CHANNEL, FIRST_WINDOW, KIND, MAX_WINDOWS, SEVERITY,
};
use super::condition::{Attributes, ChannelKind};
use super::{RoutingContext, RuleBits, RuleSet};
use crate::complaint::Complaint;
use crate::error::Result;

const FINITE: usize = FIRST_WINDOW + MAX_WINDOWS;

/// A complaint as the compiled rules see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    values: [u32; FINITE],
    flags: u64,
}

#[derive(Debug, Clone, Copy)]
struct Test {
    /// The finite dimension.
    dim: u8,
    /// The first word of its mask in `Program::masks`.
    mask: u32,
}

#[derive(Debug, Clone, Copy)]
struct CompiledCube {
    tests: (u32, u32),
    flag_mask: u64,
    flag_value: u64,
}

/// What the flags of a complaint are made of.
#[derive(Debug, Clone)]
enum FlagSource {
    Tag(String),
    Attribute(super::Attribute),
    Party(super::Party),
}

/// The compiled rules of a rule set.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    amount_cuts: Vec<i64>,
    branches: Vec<String>,
    windows: Vec<(u32, Vec<u32>)>,
    flags: Vec<FlagSource>,
    uses_attributes: bool,
    /// Per rule (file order): its cubes in `cubes`.
    rules: Vec<(u32, u32)>,
    cubes: Vec<CompiledCube>,
    tests: Vec<Test>,
    masks: Vec<u64>,
}

impl Program {
    /// Compiles the rules' cubes (one union per rule, file order) over `space`.
    pub(crate) fn new(space: &Space, rule_cubes: &[Vec<Cube>]) -> Program {
        let flag_dim0 = FIRST_WINDOW + space.windows.len();
        let mut p = Program {
            amount_cuts: space.amount_cuts.clone(),
            branches: space.branches.clone(),
            windows: space.windows.clone(),
            flags: space
                .flags
                .iter()
                .map(|f| match f {
                    Flag::Tag(t) => FlagSource::Tag(t.clone()),
                    Flag::Attribute(a) => FlagSource::Attribute(*a),
                    Flag::Party(p) => FlagSource::Party(*p),
                })
                .collect(),
            uses_attributes: space.flags.iter().any(|f| matches!(f, Flag::Attribute(_))),
            rules: Vec::with_capacity(rule_cubes.len()),
            cubes: Vec::new(),
            tests: Vec::new(),
            masks: Vec::new(),
        };
        for cubes in rule_cubes {
            let first = p.cubes.len() as u32;
            for cube in cubes {
                let t0 = p.tests.len() as u32;
                let (mut flag_mask, mut flag_value) = (0u64, 0u64);
                for dim in 0..space.dims() {
                    if space.is_full_dim(cube, dim) {
                        continue;
                    }
                    if dim >= flag_dim0 {
                        // A yes/no dimension that is not full allows exactly one of its values.
                        let bit = 1u64 << (dim - flag_dim0);
                        flag_mask |= bit;
                        if space.words_of(cube, dim)[0] & 0b10 != 0 {
                            flag_value |= bit;
                        }
                    } else {
                        p.tests.push(Test {
                            dim: dim as u8,
                            mask: p.masks.len() as u32,
                        });
                        p.masks.extend_from_slice(space.words_of(cube, dim));
                    }
                }
                p.cubes.push(CompiledCube {
                    tests: (t0, p.tests.len() as u32),
                    flag_mask,
                    flag_value,
                });
            }
            p.rules.push((first, p.cubes.len() as u32));
        }
        p
    }

    /// The fact vector of a complaint.
    pub(crate) fn project(&self, set: &RuleSet, c: &Complaint, context: &RoutingContext<'_>) -> Result<Facts> {
        let category = set.taxonomy.require(&c.id, &c.category)?;
        let mut values = [0u32; FINITE];
        values[CATEGORY] = category.0;
        values[KIND] = c.kind as u32;
        values[CHANNEL] = ChannelKind::of(&c.channel) as u32;
        values[SEVERITY] = c.severity as u32;
        values[AMOUNT] = match &c.claimed_amount {
            Some(m) if m.currency == set.currency => {
                1 + self.amount_cuts.iter().take_while(|&&cut| cut <= m.minor_units).count() as u32
            }
            _ => 0,
        };
        values[BRANCH] = self
            .branches
            .iter()
            .position(|b| *b == c.branch)
            .unwrap_or(self.branches.len()) as u32;
        if !self.windows.is_empty() {
            let day = c.received_at.date_naive();
            for (w, (days, cuts)) in self.windows.iter().enumerate() {
                let n = context.earlier_within(day, *days);
                values[FIRST_WINDOW + w] = cuts.iter().take_while(|&&cut| cut <= n).count() as u32;
            }
        }
        let mut flags = 0u64;
        if !self.flags.is_empty() {
            let attributes = if self.uses_attributes {
                Attributes::of(c, context)
            } else {
                Attributes::NONE
            };
            for (i, f) in self.flags.iter().enumerate() {
                let yes = match f {
                    FlagSource::Tag(t) => c.tags.iter().any(|x| x == t),
                    FlagSource::Attribute(a) => attributes.contains(*a),
                    FlagSource::Party(p) => p.named_in(c),
                };
                flags |= u64::from(yes) << i;
            }
        }
        Ok(Facts { values, flags })
    }

    #[inline]
    fn matches(&self, rule: usize, f: &Facts) -> bool {
        let (from, to) = self.rules[rule];
        self.cubes[from as usize..to as usize].iter().any(|cube| {
            f.flags & cube.flag_mask == cube.flag_value
                && self.tests[cube.tests.0 as usize..cube.tests.1 as usize]
                    .iter()
                    .all(|t| {
                        let v = f.values[usize::from(t.dim)] as usize;
                        self.masks[t.mask as usize + (v >> 6)] >> (v & 63) & 1 != 0
                    })
        })
    }

    /// The first rule (file index) in `order` that matches.
    #[inline]
    pub(crate) fn first_match(&self, order: &[u16], f: &Facts) -> Option<u16> {
        order.iter().copied().find(|&i| self.matches(usize::from(i), f))
    }

    /// Every rule that matches.
    #[inline]
    pub(crate) fn all_matches(&self, order: &[u16], f: &Facts) -> RuleBits {
        let mut bits = RuleBits::default();
        for &i in order {
            if self.matches(usize::from(i), f) {
                bits.set(i);
            }
        }
        bits
    }
}
