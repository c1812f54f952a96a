//! The course's classic experiment: one square matrix stored row by row,
//! summed in the order it is stored and across it; the same matrix with its
//! rows padded; and a matrix of separately allocated rows.

use std::ops::Range;

// ANCHOR: matrix
/// An `n`×`n` matrix of `u64` in one buffer, row-major: row `r` starts at
/// `cells[r * stride]`, so neighbours in a row are neighbours in memory.
pub struct Matrix {
    n: usize,
    /// Cells from the start of one row to the start of the next: `n`, or
    /// more when the rows are padded.
    stride: usize,
    cells: Vec<u64>,
}

impl Matrix {
    /// Cell (`row`, `column`) holds `row * n + column`.
    pub fn new(n: usize) -> Matrix {
        Matrix::with_padding(n, 0)
    }

    pub fn get(&self, row: usize, column: usize) -> u64 {
        self.cells[row * self.stride + column]
    }

    /// Reads the cells in the order they are stored.
    pub fn sum_row_major(&self) -> u64 {
        let mut sum = 0;
        for row in 0..self.n {
            for column in 0..self.n {
                sum += self.get(row, column);
            }
        }
        sum
    }

    /// Reads the same cells down each column: consecutive reads are a
    /// whole row, `stride * 8` bytes, apart.
    pub fn sum_column_major(&self) -> u64 {
        let mut sum = 0;
        for column in 0..self.n {
            for row in 0..self.n {
                sum += self.get(row, column);
            }
        }
        sum
    }
}
// ANCHOR_END: matrix

// ANCHOR: padding
impl Matrix {
    /// The same matrix with `pad` unused cells after each row, so that a
    /// row is `(n + pad) * 8` bytes long instead of `n * 8`.
    pub fn with_padding(n: usize, pad: usize) -> Matrix {
        let stride = n + pad;
        let mut cells = vec![0; n * stride];
        for row in 0..n {
            for column in 0..n {
                cells[row * stride + column] = (row * n + column) as u64;
            }
        }
        Matrix { n, stride, cells }
    }
}
// ANCHOR_END: padding

// ANCHOR: nested
/// The same matrix as a vector of rows, each row a vector of its own (Go's
/// `[][]uint64`, not its `[n][n]uint64`): the rows lie wherever the
/// allocator put them, and every cell is reached through its row's pointer.
pub struct NestedMatrix {
    rows: Vec<Vec<u64>>,
}

impl NestedMatrix {
    pub fn new(n: usize) -> NestedMatrix {
        let rows = (0..n)
            .map(|row| (0..n).map(|column| (row * n + column) as u64).collect())
            .collect();
        NestedMatrix { rows }
    }

    pub fn sum_row_major(&self) -> u64 {
        self.rows.iter().map(|row| row.iter().sum::<u64>()).sum()
    }

    pub fn sum_column_major(&self) -> u64 {
        let n = self.rows.len();
        let mut sum = 0;
        for column in 0..n {
            for row in &self.rows {
                sum += row[column];
            }
        }
        sum
    }
}
// ANCHOR_END: nested

impl Matrix {
    /// The number of rows (and of columns).
    pub fn n(&self) -> usize {
        self.n
    }

    /// How many bytes the cells take, padding included.
    pub fn bytes(&self) -> usize {
        size_of_val(self.cells.as_slice())
    }

    /// The addresses the cells occupy.
    pub fn addresses(&self) -> Range<usize> {
        let start = self.cells.as_ptr() as usize;
        start..start + self.bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 0 + 1 + ... + (n² - 1).
    fn expected_sum(n: usize) -> u64 {
        let cells = (n * n) as u64;
        cells * cells.saturating_sub(1) / 2
    }

    #[test]
    fn every_layout_and_order_gives_the_same_sum() {
        for n in [0, 1, 2, 3, 17, 300] {
            for m in [Matrix::new(n), Matrix::with_padding(n, 8)] {
                assert_eq!(m.sum_row_major(), expected_sum(n), "n = {n}");
                assert_eq!(m.sum_column_major(), expected_sum(n), "n = {n}");
            }
            let nested = NestedMatrix::new(n);
            assert_eq!(nested.sum_row_major(), expected_sum(n), "n = {n}");
            assert_eq!(nested.sum_column_major(), expected_sum(n), "n = {n}");
        }
    }

    #[test]
    fn a_row_is_contiguous_and_a_column_is_strided() {
        let m = Matrix::new(100);
        let address =
            |row: usize, column: usize| &m.cells[row * m.stride + column] as *const u64 as usize;
        // Next in the row: the next 8 bytes. Next in the column: a whole row further.
        assert_eq!(address(7, 41) - address(7, 40), 8);
        assert_eq!(address(8, 40) - address(7, 40), 100 * 8);
        assert_eq!(m.get(7, 40), 740);
    }

    #[test]
    fn padding_lengthens_the_step_down_a_column_and_nothing_else() {
        let m = Matrix::with_padding(512, 8);
        let address =
            |row: usize, column: usize| &m.cells[row * m.stride + column] as *const u64 as usize;
        // 512 cells of 8 bytes are 4 KiB: padded, a column's step is 4 KiB + 64.
        assert_eq!(address(1, 0) - address(0, 0), 4096 + 64);
        assert_eq!(address(0, 1) - address(0, 0), 8);
        assert_eq!(m.get(3, 5), 3 * 512 + 5);
        assert_eq!(m.bytes(), 512 * 520 * 8);
    }

    #[test]
    fn nested_rows_are_separate_allocations() {
        let nested = NestedMatrix::new(64);
        // Each row has a buffer of its own, wherever the allocator put it.
        let starts: std::collections::HashSet<usize> =
            nested.rows.iter().map(|r| r.as_ptr() as usize).collect();
        assert_eq!(starts.len(), 64);
        // The outer vector holds 64 handles of three words each, not the cells.
        assert_eq!(
            size_of_val(nested.rows.as_slice()),
            64 * 3 * size_of::<usize>()
        );
    }

    #[test]
    fn the_matrix_is_as_big_as_its_cells() {
        let m = Matrix::new(64);
        assert_eq!(m.n(), 64);
        assert_eq!(m.bytes(), 64 * 64 * 8);
        assert_eq!(m.addresses().len(), m.bytes());
    }
}
