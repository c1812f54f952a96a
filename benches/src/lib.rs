//! What every benchmark target shares: one criterion configuration, sized so
//! that the whole book's benchmarks run in minutes on a 2-core machine.

use std::time::Duration;

use criterion::Criterion;

/// Short warm-up and measurement, enough samples for a tight confidence
/// interval on the kernels the book measures (micro- to milliseconds each).
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}
