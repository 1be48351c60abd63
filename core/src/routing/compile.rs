//! The compiled form of a rule set: bit-parallel tests of every cube of every rule at once.
//!
//! A complaint is projected once into a fact vector — one small integer per finite dimension
//! (category as its taxonomy number, kind, channel, severity, amount bucket, branch, window
//! buckets) and one 64-bit word of yes/no flags (tags, attributes, parties).
//!
//! The rules' cubes are numbered in evaluation order and taken 64 at a time. For each block of
//! 64 cubes, each dimension and each of its values, one word holds a bit per cube: set when the
//! cube allows that value. The cubes a complaint is in are then the AND of one word per
//! dimension — a dozen loads and ANDs for up to 64 cubes — and under `first_match` the deciding
//! rule is the rule of the lowest set bit. Nothing is allocated per complaint.

use super::analysis::{
    Cube, Flag, Space, AMOUNT, BRANCH, CATEGORY, CHANNEL, FIRST_WINDOW, KIND, MAX_WINDOWS, SEVERITY,
};
use super::condition::{Attribute, Attributes, ChannelKind, Party};
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

/// What one flag of a complaint is made of.
#[derive(Debug, Clone)]
enum FlagSource {
    Tag(String),
    Attribute(Attribute),
    Party(Party),
}

/// The compiled rules of a rule set.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    amount_cuts: Vec<i64>,
    branches: Vec<String>,
    windows: Vec<(u32, Vec<u32>)>,
    flags: Vec<FlagSource>,
    /// The attributes some rule tests (others are not worked out).
    attributes_used: Vec<Attribute>,
    /// The finite dimensions in use: the fixed ones and the windows.
    dims: usize,
    /// Where each finite dimension's rows start within a block.
    dim_offset: [u32; FINITE],
    /// Where the flags' rows start within a block (two per flag: absent, present).
    flag_offset: usize,
    /// Rows per block of 64 cubes.
    stride: usize,
    blocks: usize,
    /// `blocks * stride` words.
    rows: Vec<u64>,
    /// The rule (file index) of each cube; cubes in evaluation order.
    cube_rule: Vec<u16>,
}

impl Program {
    /// Compiles the rules' cubes (one union per rule, file order) over `space`, numbering the
    /// cubes in evaluation `order`.
    pub(crate) fn new(space: &Space, rule_cubes: &[Vec<Cube>], order: &[u16]) -> Program {
        let dims = FIRST_WINDOW + space.windows.len();
        let mut dim_offset = [0u32; FINITE];
        let mut rows_per_block = 0usize;
        for (d, offset) in dim_offset.iter_mut().enumerate().take(dims) {
            *offset = rows_per_block as u32;
            rows_per_block += space.values(d) as usize;
        }
        let flag_offset = rows_per_block;
        let stride = rows_per_block + 2 * space.flags.len();
        let mut cube_rule = Vec::new();
        let mut cubes: Vec<&Cube> = Vec::new();
        for &i in order {
            for cube in &rule_cubes[usize::from(i)] {
                cube_rule.push(i);
                cubes.push(cube);
            }
        }
        let blocks = cubes.len().div_ceil(64);
        let mut rows = vec![0u64; blocks * stride];
        for (c, cube) in cubes.iter().enumerate() {
            let base = (c / 64) * stride;
            let bit = 1u64 << (c % 64);
            for d in 0..dims {
                for v in 0..space.values(d) {
                    if space.allows(cube, d, v) {
                        rows[base + dim_offset[d] as usize + v as usize] |= bit;
                    }
                }
            }
            for f in 0..space.flags.len() {
                let d = dims + f;
                for v in 0..2 {
                    if space.allows(cube, d, v) {
                        rows[base + flag_offset + 2 * f + v as usize] |= bit;
                    }
                }
            }
        }
        let flags: Vec<FlagSource> = space
            .flags
            .iter()
            .map(|f| match f {
                Flag::Tag(t) => FlagSource::Tag(t.clone()),
                Flag::Attribute(a) => FlagSource::Attribute(*a),
                Flag::Party(p) => FlagSource::Party(*p),
            })
            .collect();
        Program {
            amount_cuts: space.amount_cuts.clone(),
            branches: space.branches.clone(),
            windows: space.windows.clone(),
            attributes_used: flags
                .iter()
                .filter_map(|f| match f {
                    FlagSource::Attribute(a) => Some(*a),
                    _ => None,
                })
                .collect(),
            flags,
            dims,
            dim_offset,
            flag_offset,
            stride,
            blocks,
            rows,
            cube_rule,
        }
    }

    /// The fact vector of a complaint.
    #[inline]
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
            let attributes = if self.attributes_used.is_empty() {
                Attributes::NONE
            } else {
                Attributes::of_only(c, context, &self.attributes_used)
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

    /// The cubes of block `b` the complaint is in, as bits.
    #[inline]
    fn block(&self, b: usize, f: &Facts) -> u64 {
        let rows = &self.rows[b * self.stride..(b + 1) * self.stride];
        let mut acc = u64::MAX;
        for d in 0..self.dims {
            acc &= rows[self.dim_offset[d] as usize + f.values[d] as usize];
        }
        let mut flags = f.flags;
        for i in 0..self.flags.len() {
            acc &= rows[self.flag_offset + 2 * i + (flags & 1) as usize];
            flags >>= 1;
        }
        acc
    }

    /// The first rule (file index) in evaluation order that matches.
    #[inline]
    pub(crate) fn first_match(&self, f: &Facts) -> Option<u16> {
        (0..self.blocks).find_map(|b| {
            let acc = self.block(b, f);
            (acc != 0).then(|| self.cube_rule[b * 64 + acc.trailing_zeros() as usize])
        })
    }

    /// Every rule that matches.
    #[inline]
    pub(crate) fn all_matches(&self, f: &Facts) -> RuleBits {
        let mut bits = RuleBits::default();
        for b in 0..self.blocks {
            let mut acc = self.block(b, f);
            while acc != 0 {
                bits.set(self.cube_rule[b * 64 + acc.trailing_zeros() as usize]);
                acc &= acc - 1;
            }
        }
        bits
    }
}
