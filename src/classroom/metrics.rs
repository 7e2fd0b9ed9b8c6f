//! Agreement statistics for nominal labels.
//!
//! Each returns `None` when the statistic is undefined (no items, or every
//! rating in one category, so that chance agreement is already perfect):
//! a report then says "—" rather than inventing a number.

use serde::Serialize;

/// Precision, recall and their harmonic mean for one label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Share of the student's passages that match the key (`None`: they had none).
    pub precision: Option<f64>,
    /// Share of the key's passages the student found (`None`: the key has none).
    pub recall: Option<f64>,
    /// `None` only when neither side has a passage; when only one side has
    /// some, the student got none of it right and F1 is 0.
    pub f1: Option<f64>,
}

impl Scores {
    /// From counts: key passages found, of `key` in all, and student
    /// passages matching the key, of `student` in all.
    pub fn from_counts(found: usize, key: usize, matching: usize, student: usize) -> Scores {
        let share = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
        let precision = share(matching, student);
        let recall = share(found, key);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (None, None) => None,
            _ => Some(0.0),
        };
        Scores {
            precision,
            recall,
            f1,
        }
    }
}

/// How two raters labelled the same items: `counts[a][b]` items got
/// category `a` from the first rater (the key) and `b` from the second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    pub counts: Vec<Vec<usize>>,
}

impl Confusion {
    /// Tallies paired ratings; categories are indices below `categories`.
    pub fn tally(first: &[usize], second: &[usize], categories: usize) -> Confusion {
        assert_eq!(first.len(), second.len(), "both raters rate every item");
        let mut counts = vec![vec![0; categories]; categories];
        for (&a, &b) in first.iter().zip(second) {
            counts[a][b] += 1;
        }
        Confusion { counts }
    }

    /// Adds another tally of the same categories to this one.
    pub fn add(&mut self, other: &Confusion) {
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (count, other_count) in row.iter_mut().zip(other_row) {
                *count += other_count;
            }
        }
    }

    pub fn items(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// Share of items both raters put in the same category.
    pub fn observed_agreement(&self) -> Option<f64> {
        let items = self.items();
        let same: usize = (0..self.counts.len()).map(|i| self.counts[i][i]).sum();
        (items > 0).then(|| same as f64 / items as f64)
    }

    /// Cohen's kappa: (p_o - p_e) / (1 - p_e), where p_e is the agreement
    /// expected if each rater labelled at random with their own label shares.
    pub fn cohen_kappa(&self) -> Option<f64> {
        let items = self.items() as f64;
        let observed = self.observed_agreement()?;
        let expected: f64 = (0..self.counts.len())
            .map(|c| {
                let first: usize = self.counts[c].iter().sum();
                let second: usize = self.counts.iter().map(|row| row[c]).sum();
                (first as f64 / items) * (second as f64 / items)
            })
            .sum();
        kappa(observed, expected)
    }
}

fn kappa(observed: f64, expected: f64) -> Option<f64> {
    // Chance agreement of 1 leaves nothing for the raters to agree beyond it.
    (expected < 1.0 - 1e-12).then(|| (observed - expected) / (1.0 - expected))
}

/// How much the raters of one item agree, as in Fleiss' kappa: the share of
/// pairs of raters who chose the same category. `None` under two raters.
pub fn item_agreement(counts: &[usize]) -> Option<f64> {
    let raters: usize = counts.iter().sum();
    (raters >= 2).then(|| {
        let same_pairs: usize = counts.iter().map(|&n| n * n.saturating_sub(1)).sum();
        same_pairs as f64 / (raters * (raters - 1)) as f64
    })
}

/// Fleiss' kappa for many raters: `items[i][c]` raters put item `i` in
/// category `c`, and every item has the same number of raters (at least two).
pub fn fleiss_kappa(items: &[Vec<usize>]) -> Option<f64> {
    let raters: usize = items.first()?.iter().sum();
    if raters < 2 || items.iter().any(|row| row.iter().sum::<usize>() != raters) {
        return None;
    }
    let observed = items
        .iter()
        .filter_map(|row| item_agreement(row))
        .sum::<f64>()
        / items.len() as f64;
    let ratings = (items.len() * raters) as f64;
    let categories = items[0].len();
    let expected: f64 = (0..categories)
        .map(|c| {
            let share = items.iter().map(|row| row[c]).sum::<usize>() as f64 / ratings;
            share * share
        })
        .sum();
    kappa(observed, expected)
}

/// Krippendorff's alpha for nominal data: `items[i][c]` ratings put item `i`
/// in category `c`. Items may have different numbers of ratings; those with
/// fewer than two are skipped, as the coefficient prescribes.
pub fn krippendorff_alpha(items: &[Vec<usize>]) -> Option<f64> {
    let categories = items.first()?.len();
    // Coincidences: each ordered pair of ratings within an item, weighted by
    // 1 / (ratings in the item - 1). Only the diagonal and the totals are
    // needed for nominal data.
    let mut agreeing = 0.0;
    let mut per_category = vec![0.0; categories];
    for row in items {
        let ratings: usize = row.iter().sum();
        if ratings < 2 {
            continue;
        }
        let weight = 1.0 / (ratings - 1) as f64;
        for (c, &n) in row.iter().enumerate() {
            agreeing += (n * n.saturating_sub(1)) as f64 * weight;
            per_category[c] += n as f64;
        }
    }
    let total: f64 = per_category.iter().sum();
    if total < 2.0 {
        return None;
    }
    let disagreeing = total - agreeing;
    let expected_disagreeing =
        (total * total - per_category.iter().map(|n| n * n).sum::<f64>()) / (total - 1.0);
    (expected_disagreeing > 1e-12).then(|| 1.0 - disagreeing / expected_disagreeing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<f64>, want: f64) {
        let got = got.expect("a defined value");
        assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
    }

    #[test]
    fn cohen_kappa_two_categories_by_hand() {
        // Key rows, student columns:  [[4, 1], [2, 3]], 10 sentences.
        // p_o = (4 + 3) / 10 = 0.7
        // key shares 5/10, 5/10; student shares 6/10, 4/10
        // p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5
        // kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
        let key = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        let student = [0, 0, 0, 0, 1, 0, 0, 1, 1, 1];
        let confusion = Confusion::tally(&key, &student, 2);
        assert_eq!(confusion.counts, vec![vec![4, 1], vec![2, 3]]);
        close(confusion.observed_agreement(), 0.7);
        close(confusion.cohen_kappa(), 0.4);
    }

    #[test]
    fn cohen_kappa_three_categories_by_hand() {
        // [[5, 1, 0], [0, 3, 1], [1, 0, 4]], 15 sentences.
        // p_o = 12 / 15 = 0.8 = 180/225
        // row sums 6, 4, 5; column sums 6, 4, 5
        // p_e = (6*6 + 4*4 + 5*5) / 15^2 = 77/225
        // kappa = (180 - 77) / (225 - 77) = 103/148 ≈ 0.69595
        let confusion = Confusion {
            counts: vec![vec![5, 1, 0], vec![0, 3, 1], vec![1, 0, 4]],
        };
        close(confusion.cohen_kappa(), 103.0 / 148.0);
    }

    #[test]
    fn cohen_kappa_perfect_none_and_degenerate() {
        let perfect = Confusion::tally(&[0, 1, 2, 1], &[0, 1, 2, 1], 3);
        close(perfect.cohen_kappa(), 1.0);
        // Never agreeing: [[0, 2], [3, 0]]. p_o = 0; rows 2, 3; columns 3, 2;
        // p_e = (2*3 + 3*2) / 25 = 12/25; kappa = -12/25 / (13/25) = -12/13.
        let never = Confusion::tally(&[0, 0, 1, 1, 1], &[1, 1, 0, 0, 0], 2);
        close(never.cohen_kappa(), -12.0 / 13.0);
        // Both leave everything untagged: agreement is total but says nothing.
        let blank = Confusion::tally(&[1, 1, 1], &[1, 1, 1], 2);
        close(blank.observed_agreement(), 1.0);
        assert_eq!(blank.cohen_kappa(), None);
        assert_eq!(Confusion::tally(&[], &[], 2).cohen_kappa(), None);
    }

    #[test]
    fn fleiss_kappa_by_hand() {
        // 4 sentences, 3 students, 2 labels.
        // Per sentence P_i = (sum n_ij^2 - n) / (n (n - 1)), n = 3:
        //   [3,0]: (9 - 3)/6 = 1;  [2,1]: (4 + 1 - 3)/6 = 1/3
        //   [1,2]: 1/3;            [0,3]: 1
        // P = (1 + 1/3 + 1/3 + 1) / 4 = 2/3
        // label shares: (3+2+1+0)/12 = 1/2 each, so P_e = 1/4 + 1/4 = 1/2
        // kappa = (2/3 - 1/2) / (1 - 1/2) = 1/3
        let items = vec![vec![3, 0], vec![2, 1], vec![1, 2], vec![0, 3]];
        close(fleiss_kappa(&items), 1.0 / 3.0);
        close(item_agreement(&items[1]), 1.0 / 3.0);
    }

    #[test]
    fn fleiss_kappa_perfect_split_and_undefined() {
        close(fleiss_kappa(&[vec![4, 0], vec![0, 4], vec![4, 0]]), 1.0);
        // Every sentence split 2-2: P_i = (4 + 4 - 4)/12 = 1/3, P_e = 1/2,
        // kappa = (1/3 - 1/2) / (1/2) = -1/3.
        close(fleiss_kappa(&[vec![2, 2], vec![2, 2]]), -1.0 / 3.0);
        assert_eq!(
            fleiss_kappa(&[vec![3, 0], vec![3, 0]]),
            None,
            "one label only"
        );
        assert_eq!(fleiss_kappa(&[vec![1, 0]]), None, "one rater");
        assert_eq!(
            fleiss_kappa(&[vec![2, 0], vec![1, 0]]),
            None,
            "uneven raters"
        );
        assert_eq!(fleiss_kappa(&[]), None);
    }

    #[test]
    fn krippendorff_alpha_by_hand() {
        // The same 4 x 3 ratings as the Fleiss case. Coincidences, each
        // ordered pair within a sentence weighted 1/(3 - 1):
        //   o_AA = 6/2 + 2/2 = 4, o_BB = 4, o_AB = o_BA = 2/2 + 2/2 = 2
        //   n_A = n_B = 6, n = 12
        // alpha = 1 - (n - 1) * (o_AB + o_BA) / (n_A n_B + n_B n_A)
        //       = 1 - 11 * 4 / 72 = 7/18 ≈ 0.3889
        let items = vec![vec![3, 0], vec![2, 1], vec![1, 2], vec![0, 3]];
        close(krippendorff_alpha(&items), 7.0 / 18.0);
        close(
            krippendorff_alpha(&[vec![2, 0], vec![0, 3], vec![1, 0]]),
            1.0,
        );
        assert_eq!(krippendorff_alpha(&[vec![2, 0], vec![3, 0]]), None);
    }

    #[test]
    fn scores_cover_empty_sides() {
        let s = Scores::from_counts(2, 4, 2, 3);
        close(s.precision, 2.0 / 3.0);
        close(s.recall, 0.5);
        // 2 * (2/3) * (1/2) / (2/3 + 1/2) = (2/3) / (7/6) = 4/7
        close(s.f1, 4.0 / 7.0);
        let nothing_tagged = Scores::from_counts(0, 3, 0, 0);
        assert_eq!(nothing_tagged.precision, None);
        close(nothing_tagged.recall, 0.0);
        close(nothing_tagged.f1, 0.0);
        assert_eq!(Scores::from_counts(0, 0, 0, 0).f1, None);
        close(Scores::from_counts(0, 2, 0, 5).f1, 0.0);
    }
}
