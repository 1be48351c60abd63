//! Conditions as sets of complaints, for checking rule sets and compiling them.
//!
//! Every test a rule set makes looks at one *dimension* of a complaint, and each dimension
//! takes finitely many values once the rule set's own thresholds cut it up: the category (the
//! taxonomy's categories), kind, channel, severity, the claimed amount (the intervals between
//! every amount bound the rules name, plus "no amount"), the branch (each branch named, plus
//! "another"), each window of earlier complaints (the intervals between the counts named), and
//! one yes/no dimension per tag, attribute and respondent party named.
//!
//! A *cube* fixes a set of allowed values per dimension; a condition is a union of cubes (its
//! disjunctive normal form). On cubes, emptiness, intersection and complement are exact, so
//! "no complaint meets this rule", "every complaint this rule meets, an earlier one meets
//! too" and "these two rules can meet the same complaint" are decided exactly — with one
//! over-approximation that keeps every verdict sound: dimensions are taken as independent
//! (counts in a short window cannot really exceed those in a longer one), so a rule is only
//! called unreachable when it truly is.

use super::condition::{Attribute, ChannelKind, Condition, Party};
use crate::complaint::Severity;
use crate::taxonomy::Taxonomy;

/// The most cubes a condition (or a running analysis) may need before it is called too complex.
pub(crate) const MAX_CUBES: usize = 512;
/// The cube intersections the checks of one rule set may take (tens of milliseconds).
pub(crate) const CHECK_BUDGET: u64 = 2_000_000;
/// The most windows of earlier complaints a rule set may name.
pub(crate) const MAX_WINDOWS: usize = 4;
/// The most yes/no dimensions (tags, attributes and parties named) a rule set may have.
pub(crate) const MAX_FLAGS: usize = 64;

/// The finite dimensions, in their fixed order; windows follow, then the yes/no flags.
pub(crate) const CATEGORY: usize = 0;
pub(crate) const KIND: usize = 1;
pub(crate) const CHANNEL: usize = 2;
pub(crate) const SEVERITY: usize = 3;
pub(crate) const AMOUNT: usize = 4;
pub(crate) const BRANCH: usize = 5;
pub(crate) const FIRST_WINDOW: usize = 6;

/// What a yes/no dimension is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Flag {
    Tag(String),
    Attribute(Attribute),
    Party(Party),
}

/// The dimensions of one rule set.
#[derive(Debug, Clone)]
pub(crate) struct Space {
    /// Values per dimension.
    sizes: Vec<u32>,
    /// First word of each dimension in a cube.
    offsets: Vec<usize>,
    words: usize,
    /// Every amount bound named, sorted, unique.
    pub(crate) amount_cuts: Vec<i64>,
    /// Every branch named, in order of first mention.
    pub(crate) branches: Vec<String>,
    /// Each window: its days and the counts named for it (sorted, unique).
    pub(crate) windows: Vec<(u32, Vec<u32>)>,
    /// The yes/no dimensions, in order.
    pub(crate) flags: Vec<Flag>,
    /// Cube intersections left for the checks of a whole rule set; `None`: no limit.
    budget: std::cell::Cell<Option<u64>>,
}

/// A set of allowed values per dimension, as bits.
pub(crate) type Cube = Vec<u64>;

/// Whether a condition set is too large to analyse.
#[derive(Debug)]
pub(crate) struct TooComplex;

impl Space {
    /// The dimensions the conditions need. `Err` names what exceeds a limit.
    pub(crate) fn new<'c>(
        taxonomy: &Taxonomy,
        conditions: impl Iterator<Item = &'c Condition> + Clone,
    ) -> Result<Space, String> {
        let mut amount_cuts = Vec::new();
        let mut branches: Vec<String> = Vec::new();
        let mut windows: Vec<(u32, Vec<u32>)> = Vec::new();
        let mut flags: Vec<Flag> = Vec::new();
        for c in conditions {
            walk(c, &mut |atom| match atom {
                Condition::Amount { at_least, below } => amount_cuts.extend(at_least.iter().chain(below.iter())),
                Condition::Branch(list) => {
                    for b in list {
                        if !branches.contains(b) {
                            branches.push(b.clone());
                        }
                    }
                }
                Condition::EarlierComplaints { at_least, within_days } => {
                    match windows.iter_mut().find(|(d, _)| d == within_days) {
                        Some((_, cuts)) => cuts.push(*at_least),
                        None => windows.push((*within_days, vec![*at_least])),
                    }
                }
                Condition::TagsAny(list) | Condition::TagsAll(list) => {
                    for t in list {
                        let f = Flag::Tag(t.clone());
                        if !flags.contains(&f) {
                            flags.push(f);
                        }
                    }
                }
                Condition::Complainant(list) => {
                    for a in list {
                        if !flags.contains(&Flag::Attribute(*a)) {
                            flags.push(Flag::Attribute(*a));
                        }
                    }
                }
                Condition::About(list) => {
                    for p in list {
                        if !flags.contains(&Flag::Party(*p)) {
                            flags.push(Flag::Party(*p));
                        }
                    }
                }
                _ => {}
            });
        }
        if windows.len() > MAX_WINDOWS {
            return Err(format!(
                "the rules name {} windows of earlier complaints; at most {MAX_WINDOWS} are supported",
                windows.len()
            ));
        }
        if flags.len() > MAX_FLAGS {
            return Err(format!(
                "the rules name {} tags, attributes and parties together; at most {MAX_FLAGS} are supported",
                flags.len()
            ));
        }
        amount_cuts.sort_unstable();
        amount_cuts.dedup();
        for (_, cuts) in &mut windows {
            cuts.sort_unstable();
            cuts.dedup();
        }
        let mut sizes = vec![
            taxonomy.len() as u32,
            2,
            ChannelKind::ALL.len() as u32,
            5,
            amount_cuts.len() as u32 + 2,
            branches.len() as u32 + 1,
        ];
        sizes.extend(windows.iter().map(|(_, cuts)| cuts.len() as u32 + 1));
        sizes.extend(flags.iter().map(|_| 2));
        let mut offsets = Vec::with_capacity(sizes.len());
        let mut words = 0;
        for &s in &sizes {
            offsets.push(words);
            words += (s as usize).div_ceil(64);
        }
        Ok(Space {
            sizes,
            offsets,
            words,
            amount_cuts,
            branches,
            windows,
            flags,
            budget: std::cell::Cell::new(None),
        })
    }

    /// Limits the cube intersections of what follows: checks of a large rule set stop (with
    /// [`TooComplex`]) instead of running for minutes.
    pub(crate) fn limit_work(&self, intersections: u64) {
        self.budget.set(Some(intersections));
    }

    /// Whether the limit of [`limit_work`](Self::limit_work) has been reached.
    pub(crate) fn out_of_work(&self) -> bool {
        self.budget.get() == Some(0)
    }

    /// The number of dimensions.
    pub(crate) fn dims(&self) -> usize {
        self.sizes.len()
    }

    /// The number of values of a dimension.
    pub(crate) fn values(&self, dim: usize) -> u32 {
        self.sizes[dim]
    }

    /// Whether the cube allows value `v` of dimension `dim`.
    pub(crate) fn allows(&self, cube: &[u64], dim: usize, v: u32) -> bool {
        cube[self.offsets[dim] + (v as usize >> 6)] >> (v & 63) & 1 != 0
    }

    /// The words of a dimension in a cube.
    pub(crate) fn words_of<'c>(&self, cube: &'c [u64], dim: usize) -> &'c [u64] {
        let start = self.offsets[dim];
        &cube[start..start + (self.sizes[dim] as usize).div_ceil(64)]
    }

    /// The index of the yes/no dimension about `flag`.
    pub(crate) fn flag_dim(&self, flag: &Flag) -> Option<usize> {
        self.flags
            .iter()
            .position(|f| f == flag)
            .map(|i| FIRST_WINDOW + self.windows.len() + i)
    }

    /// Every complaint.
    pub(crate) fn full(&self) -> Cube {
        let mut cube = vec![0u64; self.words];
        for dim in 0..self.dims() {
            self.restrict(&mut cube, dim, |_| true);
        }
        cube
    }

    /// Sets the bits of `dim` to the values that `allowed` accepts (others cleared).
    fn restrict(&self, cube: &mut Cube, dim: usize, allowed: impl Fn(u32) -> bool) {
        let start = self.offsets[dim];
        let n = (self.sizes[dim] as usize).div_ceil(64);
        cube[start..start + n].iter_mut().for_each(|w| *w = 0);
        for v in 0..self.sizes[dim] {
            if allowed(v) {
                cube[start + (v as usize >> 6)] |= 1 << (v & 63);
            }
        }
    }

    /// Whether no complaint is in the cube: some dimension allows no value.
    pub(crate) fn is_empty(&self, cube: &[u64]) -> bool {
        (0..self.dims()).any(|d| self.words_of(cube, d).iter().all(|w| *w == 0))
    }

    /// Whether `dim` allows every value in the cube.
    pub(crate) fn is_full_dim(&self, cube: &[u64], dim: usize) -> bool {
        let size = self.sizes[dim];
        self.words_of(cube, dim).iter().enumerate().all(|(i, w)| {
            let bits = (size as usize).saturating_sub(i * 64).min(64);
            let full = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
            *w == full
        })
    }

    fn and(&self, a: &[u64], b: &[u64]) -> Cube {
        a.iter().zip(b).map(|(x, y)| x & y).collect()
    }

    /// The cube of one test (a union for tests that are unions).
    fn atom(&self, taxonomy: &Taxonomy, c: &Condition) -> Vec<Cube> {
        let one = |dim: usize, allowed: &dyn Fn(u32) -> bool| {
            let mut cube = self.full();
            self.restrict(&mut cube, dim, allowed);
            vec![cube]
        };
        let flag = |f: Flag, yes: bool| {
            let mut cube = self.full();
            if let Some(dim) = self.flag_dim(&f) {
                self.restrict(&mut cube, dim, |v| (v == 1) == yes);
            }
            cube
        };
        match c {
            Condition::Category(list) => one(CATEGORY, &|v| list.iter().any(|r| taxonomy.subtree(r.id).contains(&v))),
            Condition::Kind(list) => one(KIND, &|v| list.iter().any(|k| *k as u32 == v)),
            Condition::Channel(list) => one(CHANNEL, &|v| list.iter().any(|k| *k as u32 == v)),
            Condition::ForwardedByRegulator(yes) => {
                one(CHANNEL, &|v| (v == ChannelKind::RegulatorForwarded as u32) == *yes)
            }
            Condition::Severity(list) => one(SEVERITY, &|v| list.iter().any(|s| *s as u32 == v)),
            Condition::Amount { at_least, below } => one(AMOUNT, &|v| {
                if v == 0 {
                    return false; // no amount in the currency
                }
                let (lo, hi) = self.amount_bucket(v);
                at_least.is_none_or(|a| lo.is_some_and(|lo| lo >= a))
                    && below.is_none_or(|b| hi.is_some_and(|hi| hi <= b))
            }),
            Condition::Branch(list) => one(BRANCH, &|v| {
                self.branches.get(v as usize).is_some_and(|b| list.contains(b))
            }),
            Condition::EarlierComplaints { at_least, within_days } => {
                let w = self.windows.iter().position(|(d, _)| d == within_days).unwrap_or(0);
                let cuts = &self.windows[w].1;
                one(FIRST_WINDOW + w, &|v| v >= 1 && cuts[v as usize - 1] >= *at_least)
            }
            Condition::TagsAny(list) => list.iter().map(|t| flag(Flag::Tag(t.clone()), true)).collect(),
            Condition::TagsAll(list) => {
                let mut cube = self.full();
                for t in list {
                    cube = self.and(&cube, &flag(Flag::Tag(t.clone()), true));
                }
                vec![cube]
            }
            Condition::Complainant(list) => {
                let mut cube = self.full();
                for a in list {
                    cube = self.and(&cube, &flag(Flag::Attribute(*a), true));
                }
                vec![cube]
            }
            Condition::About(list) => list.iter().map(|p| flag(Flag::Party(*p), true)).collect(),
            Condition::All(_) | Condition::Any(_) | Condition::Not(_) => unreachable_combinator(),
        }
    }

    /// The amounts of bucket `v` ≥ 1: `[lo, hi)`, `None` for an open end.
    pub(crate) fn amount_bucket(&self, v: u32) -> (Option<i64>, Option<i64>) {
        let j = v as usize - 1;
        let lo = j.checked_sub(1).map(|k| self.amount_cuts[k]);
        let hi = self.amount_cuts.get(j).copied();
        (lo, hi)
    }

    /// The condition as a union of non-empty cubes; `None` (absent condition) is every complaint.
    pub(crate) fn dnf(&self, taxonomy: &Taxonomy, c: Option<&Condition>) -> Result<Vec<Cube>, TooComplex> {
        let Some(c) = c else {
            return Ok(vec![self.full()]);
        };
        let cubes = match c {
            Condition::All(list) => {
                let mut acc = vec![self.full()];
                for x in list {
                    let next = self.dnf(taxonomy, Some(x))?;
                    acc = self.intersect(&acc, &next)?;
                }
                acc
            }
            Condition::Any(list) => {
                let mut acc = Vec::new();
                for x in list {
                    acc.extend(self.dnf(taxonomy, Some(x))?);
                    if acc.len() > MAX_CUBES {
                        return Err(TooComplex);
                    }
                }
                acc
            }
            Condition::Not(x) => {
                let inner = self.dnf(taxonomy, Some(x))?;
                self.complement(&inner)?
            }
            atom => self.atom(taxonomy, atom),
        };
        Ok(self.simplify(cubes))
    }

    /// Pairwise intersections, empty ones dropped.
    pub(crate) fn intersect(&self, a: &[Cube], b: &[Cube]) -> Result<Vec<Cube>, TooComplex> {
        if let Some(left) = self.budget.get() {
            let cost = (a.len() as u64).saturating_mul(b.len() as u64);
            if cost > left {
                self.budget.set(Some(0)); // spent: every later check gives up too
                return Err(TooComplex);
            }
            self.budget.set(Some(left - cost));
        }
        let mut out = Vec::new();
        for x in a {
            for y in b {
                let z = self.and(x, y);
                if !self.is_empty(&z) {
                    out.push(z);
                    if out.len() > MAX_CUBES {
                        return Err(TooComplex);
                    }
                }
            }
        }
        Ok(self.simplify(out))
    }

    /// Every complaint not in the union.
    pub(crate) fn complement(&self, cubes: &[Cube]) -> Result<Vec<Cube>, TooComplex> {
        let full = self.full();
        let mut acc = vec![full.clone()];
        for cube in cubes {
            // Not in this cube: some dimension outside its allowed values.
            let mut outside = Vec::new();
            for dim in 0..self.dims() {
                if self.is_full_dim(cube, dim) {
                    continue;
                }
                let mut c = full.clone();
                let start = self.offsets[dim];
                let n = (self.sizes[dim] as usize).div_ceil(64);
                for i in start..start + n {
                    c[i] = full[i] & !cube[i];
                }
                outside.push(c);
            }
            acc = self.intersect(&acc, &outside)?;
            if acc.is_empty() {
                break;
            }
        }
        Ok(acc)
    }

    /// Drops empty cubes and cubes inside another.
    fn simplify(&self, cubes: Vec<Cube>) -> Vec<Cube> {
        let cubes: Vec<Cube> = cubes.into_iter().filter(|c| !self.is_empty(c)).collect();
        if cubes.len() > 64 {
            return cubes;
        }
        let subset = |a: &Cube, b: &Cube| a.iter().zip(b).all(|(x, y)| x & !y == 0);
        let mut keep: Vec<Cube> = Vec::with_capacity(cubes.len());
        for (i, c) in cubes.iter().enumerate() {
            let covered = cubes
                .iter()
                .enumerate()
                .any(|(j, d)| j != i && subset(c, d) && (!subset(d, c) || j < i));
            if !covered {
                keep.push(c.clone());
            }
        }
        keep
    }
}

/// Calls `f` on every test of a condition tree (not on all / any / not).
pub(crate) fn walk(c: &Condition, f: &mut impl FnMut(&Condition)) {
    match c {
        Condition::All(list) | Condition::Any(list) => list.iter().for_each(|x| walk(x, f)),
        Condition::Not(x) => walk(x, f),
        atom => f(atom),
    }
}

#[cold]
fn unreachable_combinator() -> Vec<Cube> {
    // `atom` is only called on tests; combinators are handled by `dnf`.
    Vec::new()
}

/// The severities at or above one, for `severity_at_least`.
pub(crate) fn severities_from(s: Severity) -> Vec<Severity> {
    [
        Severity::Ordinary,
        Severity::Major,
        Severity::Compensation,
        Severity::MatterOfPrinciple,
        Severity::SeriousIncident,
    ]
    .into_iter()
    .filter(|x| *x >= s)
    .collect()
}
