//! The course's classic experiment: one square matrix stored row by row,
//! summed in the order it is stored and across it.

// ANCHOR: matrix
/// An `n`×`n` matrix of `u64` in one buffer, row-major: row `r` is
/// `cells[r * n..(r + 1) * n]`, so neighbours in a row are neighbours in memory.
pub struct Matrix {
    n: usize,
    cells: Vec<u64>,
}

impl Matrix {
    /// Cell (`row`, `column`) holds `row * n + column`.
    pub fn new(n: usize) -> Matrix {
        let cells = (0..n * n).map(|i| i as u64).collect();
        Matrix { n, cells }
    }

    pub fn get(&self, row: usize, column: usize) -> u64 {
        self.cells[row * self.n + column]
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
    /// whole row, `n * 8` bytes, apart.
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

impl Matrix {
    /// The number of rows (and of columns).
    pub fn n(&self) -> usize {
        self.n
    }

    /// How many bytes the cells take.
    pub fn bytes(&self) -> usize {
        size_of_val(self.cells.as_slice())
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
    fn both_orders_give_the_same_sum() {
        for n in [0, 1, 2, 3, 17, 300] {
            let m = Matrix::new(n);
            assert_eq!(m.sum_row_major(), expected_sum(n), "n = {n}");
            assert_eq!(m.sum_column_major(), expected_sum(n), "n = {n}");
        }
    }

    #[test]
    fn a_row_is_contiguous_and_a_column_is_strided() {
        let m = Matrix::new(100);
        let address =
            |row: usize, column: usize| &m.cells[row * m.n + column] as *const u64 as usize;
        // Next in the row: the next 8 bytes. Next in the column: a whole row further.
        assert_eq!(address(7, 41) - address(7, 40), 8);
        assert_eq!(address(8, 40) - address(7, 40), 100 * 8);
        assert_eq!(m.get(7, 40), 740);
    }

    #[test]
    fn the_matrix_is_as_big_as_its_cells() {
        let m = Matrix::new(64);
        assert_eq!(m.n(), 64);
        assert_eq!(m.bytes(), 64 * 64 * 8);
    }
}
