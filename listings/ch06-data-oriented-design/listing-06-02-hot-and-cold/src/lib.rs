//! One loop, "open revenue", over the same orders in three layouts: every
//! field of an order together, the fields the loop reads split from the
//! rest, and those fields narrowed to the smallest types that hold them.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate static_assertions;

use std::fmt;

use static_assertions::assert_eq_size;

// ANCHOR: order
/// An order as a program first writes it: everything about it in one place.
/// Seven 8-byte fields and three flags are 59 bytes, padded to 64 so that
/// the next order's `u64`s stay aligned: one cache line per order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    pub id: u64,
    pub customer: u64,
    pub price_cents: u64,
    pub quantity: u64,
    pub placed_at: u64,
    pub shipped_at: u64,
    pub warehouse: u64,
    pub cancelled: bool,
    pub shipped: bool,
    pub gift_wrap: bool,
}
assert_eq_size!(Order, [u8; 64]);

/// The value of the orders still to be shipped. The loop reads 18 bytes of
/// each order, but the memory system moves whole 64-byte lines: all 64.
/// An order counts by multiplying its value by 0 or 1, not by a branch: the
/// flags are random, and a branch on them would often be mispredicted
/// (listing 6-3), so the three layouts could differ in more than bytes.
/// Wrapping arithmetic: a product or sum too large for a `u64` wraps, in
/// every build, instead of panicking in a debug build (multiplying by 0 or
/// 1 cannot overflow), so there is no overflow panic to check for.
#[inline(never)]
pub fn open_revenue(orders: &[Order]) -> u64 {
    orders.iter().fold(0, |sum, order| {
        let open = !order.cancelled & !order.shipped;
        let value = order.price_cents.wrapping_mul(order.quantity);
        sum.wrapping_add(value * u64::from(open))
    })
}
// ANCHOR_END: order

// ANCHOR: split
/// The fields the hot loop reads, with the same types as before:
/// 18 bytes, padded to 24.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderHot {
    pub price_cents: u64,
    pub quantity: u64,
    pub cancelled: bool,
    pub shipped: bool,
}
assert_eq_size!(OrderHot, [u8; 24]);

/// Everything else, read when one order is shown, not when all are summed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderCold {
    pub id: u64,
    pub customer: u64,
    pub placed_at: u64,
    pub shipped_at: u64,
    pub warehouse: u64,
    pub gift_wrap: bool,
}

/// The orders as two vectors: `hot[i]` and `cold[i]` are one order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Orders {
    pub hot: Vec<OrderHot>,
    pub cold: Vec<OrderCold>,
}

/// The same loop over the hot part only: 24 bytes an order instead of 64,
/// so 2.7 times fewer lines to move.
#[inline(never)]
pub fn open_revenue_hot(hot: &[OrderHot]) -> u64 {
    hot.iter().fold(0, |sum, order| {
        let open = !order.cancelled & !order.shipped;
        let value = order.price_cents.wrapping_mul(order.quantity);
        sum.wrapping_add(value * u64::from(open))
    })
}
// ANCHOR_END: split

impl From<&[Order]> for Orders {
    /// Splits each order into its hot and cold parts.
    fn from(orders: &[Order]) -> Orders {
        Orders {
            hot: orders.iter().map(OrderHot::from).collect(),
            cold: orders.iter().map(OrderCold::from).collect(),
        }
    }
}

impl From<&Order> for OrderHot {
    fn from(order: &Order) -> OrderHot {
        OrderHot {
            price_cents: order.price_cents,
            quantity: order.quantity,
            cancelled: order.cancelled,
            shipped: order.shipped,
        }
    }
}

impl From<&Order> for OrderCold {
    fn from(order: &Order) -> OrderCold {
        OrderCold {
            id: order.id,
            customer: order.customer,
            placed_at: order.placed_at,
            shipped_at: order.shipped_at,
            warehouse: order.warehouse,
            gift_wrap: order.gift_wrap,
        }
    }
}

impl Orders {
    /// How many orders there are.
    pub fn len(&self) -> usize {
        self.hot.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.hot.is_empty()
    }

    /// Order `i`, put back together from its two parts.
    pub fn get(&self, i: usize) -> Order {
        let (hot, cold) = (&self.hot[i], &self.cold[i]);
        Order {
            id: cold.id,
            customer: cold.customer,
            price_cents: hot.price_cents,
            quantity: hot.quantity,
            placed_at: cold.placed_at,
            shipped_at: cold.shipped_at,
            warehouse: cold.warehouse,
            cancelled: hot.cancelled,
            shipped: hot.shipped,
            gift_wrap: cold.gift_wrap,
        }
    }
}

// ANCHOR: compact
/// Bits of `CompactOrder::status`.
pub const CANCELLED: u8 = 1;
pub const SHIPPED: u8 = 2;

/// The hot fields in the smallest types that hold them: a price up to
/// about 42 million dollars, a quantity up to 4 billion, two flags in one
/// byte. 9 bytes, padded to 12 (the `u32`s' alignment): five orders a line.
/// Were the loop to need the customer, it would go here as a `u32` index
/// into a `Vec` of customers rather than a pointer or a `u64` id: 4 bytes,
/// still valid when that `Vec` reallocates, enough for 4 billion customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompactOrder {
    pub price_cents: u32,
    pub quantity: u32,
    pub status: u8,
}
assert_eq_size!(CompactOrder, [u8; 12]);

/// A price or quantity too large for a `CompactOrder`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    pub field: &'static str,
    pub value: u64,
}

impl TryFrom<&OrderHot> for CompactOrder {
    type Error = TooLarge;

    /// Narrows each field, or says which one does not fit: never truncates.
    fn try_from(order: &OrderHot) -> Result<CompactOrder, TooLarge> {
        let narrow =
            |field, value: u64| u32::try_from(value).map_err(|_| TooLarge { field, value });
        Ok(CompactOrder {
            price_cents: narrow("price_cents", order.price_cents)?,
            quantity: narrow("quantity", order.quantity)?,
            status: if order.cancelled { CANCELLED } else { 0 }
                | if order.shipped { SHIPPED } else { 0 },
        })
    }
}

/// The same loop again, 12 bytes an order: half the lines of the hot
/// part. Two `u32`s multiplied as `u64` cannot overflow; only the sum wraps.
#[inline(never)]
pub fn open_revenue_compact(orders: &[CompactOrder]) -> u64 {
    orders.iter().fold(0, |sum, order| {
        let open = order.status & (CANCELLED | SHIPPED) == 0;
        let value = u64::from(order.price_cents) * u64::from(order.quantity);
        sum.wrapping_add(value * u64::from(open))
    })
}
// ANCHOR_END: compact

// ANCHOR: columns
/// The compact fields as three columns, one vector each: 9 bytes an order
/// with no padding, and loops the compiler can run on vector registers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompactColumns {
    pub price_cents: Vec<u32>,
    pub quantity: Vec<u32>,
    pub status: Vec<u8>,
}

/// The open revenue from the three columns, which must be the same length
/// (one check each, before the loop). No branch and no index: the compiler
/// turns the loop into vector instructions, several orders at a time.
#[inline(never)]
pub fn open_revenue_columns(price_cents: &[u32], quantity: &[u32], status: &[u8]) -> u64 {
    assert!(
        price_cents.len() == quantity.len() && quantity.len() == status.len(),
        "the columns must have one entry per order"
    );
    price_cents
        .iter()
        .zip(quantity)
        .zip(status)
        .fold(0, |sum, ((&price, &quantity), &status)| {
            let open = status & (CANCELLED | SHIPPED) == 0;
            let value = u64::from(price) * u64::from(quantity);
            sum.wrapping_add(value * u64::from(open))
        })
}
// ANCHOR_END: columns

impl From<&[CompactOrder]> for CompactColumns {
    fn from(orders: &[CompactOrder]) -> CompactColumns {
        CompactColumns {
            price_cents: orders.iter().map(|o| o.price_cents).collect(),
            quantity: orders.iter().map(|o| o.quantity).collect(),
            status: orders.iter().map(|o| o.status).collect(),
        }
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {} does not fit in a u32", self.field, self.value)
    }
}

impl std::error::Error for TooLarge {}

/// The compact form of every order.
///
/// # Panics
///
/// If an order's price or quantity does not fit in a `u32`, with a message
/// naming the order and the field.
pub fn compact_orders(hot: &[OrderHot]) -> Vec<CompactOrder> {
    hot.iter()
        .enumerate()
        .map(|(i, order)| {
            CompactOrder::try_from(order).unwrap_or_else(|error| panic!("order {i}: {error}"))
        })
        .collect()
}

/// SplitMix64's output function: a different, well-mixed 64-bit number for
/// every input. Counter-based, so order `i` needs no state from order `i - 1`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `n` made-up orders, the same for the same `seed`: prices of 1 to
/// 100,000 cents, quantities of 1 to 20, about 10% cancelled and 60%
/// shipped (independently, so some are both). Every field of every order
/// is written, so every page of the vector is backed by memory of its own.
pub fn generate_orders(n: usize, seed: u64) -> Vec<Order> {
    let seed = mix(seed);
    (0..n as u64)
        .map(|i| {
            // SplitMix64: the generator's state after i steps is seed + i * gamma.
            let a = mix(seed.wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
            let b = mix(a);
            // Each field from bits of its own. Fractions of 1024 from ten bits.
            let cancelled = (a >> 54) < 102;
            let shipped = (a >> 44) & 1023 < 614;
            // Some minute within about 45 days; shipped up to 12 days later.
            let placed_at = 1_700_000_000 + (b >> 40 & 0xFFFF) * 60;
            Order {
                id: i,
                customer: b & 0xF_FFFF,
                price_cents: (a & 0xFFFF_FFFF) % 100_000 + 1,
                quantity: (a >> 32 & 0xFFF) % 20 + 1,
                placed_at,
                shipped_at: if shipped {
                    placed_at + (b >> 20 & 0xF_FFFF)
                } else {
                    0
                },
                warehouse: b >> 56 & 7,
                cancelled,
                shipped,
                gift_wrap: b >> 59 & 15 == 0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, written the plainest way.
    fn reference_open_revenue(orders: &[Order]) -> u64 {
        let mut sum = 0u64;
        for order in orders {
            if !order.cancelled && !order.shipped {
                sum = sum.wrapping_add(order.price_cents.wrapping_mul(order.quantity));
            }
        }
        sum
    }

    fn order(price_cents: u64, quantity: u64, cancelled: bool, shipped: bool) -> Order {
        Order {
            id: 7,
            customer: 8,
            price_cents,
            quantity,
            placed_at: 9,
            shipped_at: 10,
            warehouse: 11,
            cancelled,
            shipped,
            gift_wrap: true,
        }
    }

    fn every_layout(orders: &[Order]) -> [u64; 4] {
        let split = Orders::from(orders);
        let compact = compact_orders(&split.hot);
        let columns = CompactColumns::from(compact.as_slice());
        [
            open_revenue(orders),
            open_revenue_hot(&split.hot),
            open_revenue_compact(&compact),
            open_revenue_columns(&columns.price_cents, &columns.quantity, &columns.status),
        ]
    }

    #[test]
    fn the_sizes_are_what_the_prose_says() {
        assert_eq!(size_of::<Order>(), 64);
        assert_eq!(size_of::<OrderHot>(), 24);
        assert_eq!(size_of::<OrderCold>(), 48);
        assert_eq!(size_of::<CompactOrder>(), 12);
    }

    #[test]
    fn every_layout_gives_the_same_revenue() {
        for n in [0, 1, 3, 7, 8, 15, 16, 17, 33, 1000, 100_003] {
            let orders = generate_orders(n, 42);
            let expected = reference_open_revenue(&orders);
            assert_eq!(every_layout(&orders), [expected; 4], "n = {n}");
        }
        // A sum over a few orders is small: it is not wrapping by accident.
        let orders = generate_orders(1000, 1);
        assert!(reference_open_revenue(&orders) > 0);
        assert!(reference_open_revenue(&orders) < 1000 * 100_000 * 20);
    }

    #[test]
    fn the_flags_mean_what_they_say() {
        let orders = [
            order(100, 1, false, false),       // open: counted
            order(1_000, 2, true, false),      // cancelled
            order(10_000, 3, false, true),     // shipped
            order(100_000, 4, true, true),     // both: excluded, once
            order(1_000_000, 5, false, false), // open: counted
        ];
        assert_eq!(every_layout(&orders), [100 + 5_000_000; 4]);
        let compact = compact_orders(&Orders::from(&orders[..]).hot);
        let statuses: Vec<u8> = compact.iter().map(|order| order.status).collect();
        assert_eq!(statuses, [0, CANCELLED, SHIPPED, CANCELLED | SHIPPED, 0]);
    }

    #[test]
    fn splitting_and_reassembling_gives_the_orders_back() {
        let orders = generate_orders(1000, 7);
        let split = Orders::from(&orders[..]);
        assert_eq!(split.len(), 1000);
        assert_eq!(split.cold.len(), 1000);
        let back: Vec<Order> = (0..split.len()).map(|i| split.get(i)).collect();
        assert_eq!(back, orders);
        assert!(Orders::from(&[][..]).is_empty());
    }

    #[test]
    fn narrowing_refuses_what_does_not_fit() {
        let hot = |price_cents, quantity| OrderHot {
            price_cents,
            quantity,
            cancelled: false,
            shipped: false,
        };
        let max = u64::from(u32::MAX);
        assert_eq!(
            CompactOrder::try_from(&hot(max, max)).map(|order| order.price_cents),
            Ok(u32::MAX)
        );
        assert_eq!(
            CompactOrder::try_from(&hot(1 << 32, 1)),
            Err(TooLarge {
                field: "price_cents",
                value: 1 << 32
            })
        );
        assert_eq!(
            CompactOrder::try_from(&hot(1, max + 1)),
            Err(TooLarge {
                field: "quantity",
                value: max + 1
            })
        );
        assert_eq!(
            TooLarge {
                field: "price_cents",
                value: 1 << 32
            }
            .to_string(),
            "price_cents = 4294967296 does not fit in a u32"
        );
    }

    #[test]
    #[should_panic(expected = "order 1: price_cents = 4294967296 does not fit in a u32")]
    fn compacting_an_order_that_does_not_fit_panics_naming_it() {
        let orders = [order(1, 1, false, false), order(1 << 32, 1, false, false)];
        compact_orders(&Orders::from(&orders[..]).hot);
    }

    #[test]
    fn the_largest_compact_order_does_not_overflow_its_product() {
        let orders = [CompactOrder {
            price_cents: u32::MAX,
            quantity: u32::MAX,
            status: 0,
        }];
        assert_eq!(
            open_revenue_compact(&orders),
            u64::from(u32::MAX) * u64::from(u32::MAX)
        );
        let columns = CompactColumns::from(&orders[..]);
        assert_eq!(
            open_revenue_columns(&columns.price_cents, &columns.quantity, &columns.status),
            u64::from(u32::MAX) * u64::from(u32::MAX)
        );
    }

    #[test]
    #[should_panic(expected = "one entry per order")]
    fn columns_of_different_lengths_are_refused() {
        open_revenue_columns(&[1, 2], &[1, 2], &[0]);
    }

    #[test]
    fn the_generator_is_deterministic_and_in_range() {
        let orders = generate_orders(100_000, 3);
        assert_eq!(orders, generate_orders(100_000, 3));
        assert_ne!(orders, generate_orders(100_000, 4));
        assert!(
            orders
                .iter()
                .all(|o| (1..=100_000).contains(&o.price_cents))
        );
        assert!(orders.iter().all(|o| (1..=20).contains(&o.quantity)));
        assert!(orders.iter().all(|o| o.shipped == (o.shipped_at != 0)));
        let share = |count: usize| count as f64 / orders.len() as f64;
        let cancelled = share(orders.iter().filter(|o| o.cancelled).count());
        let shipped = share(orders.iter().filter(|o| o.shipped).count());
        assert!((0.09..0.11).contains(&cancelled), "cancelled: {cancelled}");
        assert!((0.58..0.62).contains(&shipped), "shipped: {shipped}");
        // Every quantity of the range occurs.
        let mut quantities = [false; 21];
        orders
            .iter()
            .for_each(|o| quantities[o.quantity as usize] = true);
        assert!(quantities[1..].iter().all(|&seen| seen));
    }
}
