//! One small program, total revenue per region, made faster three times:
//! first by a better algorithm, then by allocating less, then by touching
//! less memory. Each step is one function, and all four give the same
//! answer.
//!
//! Every hash map here is `std::collections::HashMap` with its default
//! hasher (SipHash-1-3): the hasher stays the same in every step, so it is
//! not one of the levers.

use std::collections::HashMap;

// ANCHOR: model
/// A customer. Ids are unique but not dense (any `u64`), so finding a
/// customer by id takes a search or an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub id: u64,
    pub name: String,
    pub region: String,
}

/// An order: who placed it and what it is worth. Every order names an
/// existing customer; the four steps panic, naming the id, if one does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Order {
    pub customer_id: u64,
    pub cents: u64,
}
// ANCHOR_END: model

/// The one behaviour of every step for an order whose customer does not
/// exist: stop, naming it. Summing it nowhere would hide a broken join.
#[cold]
fn unknown_customer(id: u64) -> ! {
    panic!("an order names customer {id}, who does not exist")
}

// Step 1, the baseline: the code people write first.
// ANCHOR: step1
/// For every order, a linear search of the customers: orders × customers
/// comparisons. Then a region name copied into a new `String` per order,
/// only to be hashed, compared and, for all but the first, dropped.
#[inline(never)]
pub fn revenue_by_region_nested_loops(
    customers: &[Customer],
    orders: &[Order],
) -> Vec<(String, u64)> {
    let mut totals: HashMap<String, u64> = HashMap::new();
    for order in orders {
        let customer = customers
            .iter()
            .find(|customer| customer.id == order.customer_id)
            .unwrap_or_else(|| unknown_customer(order.customer_id));
        *totals.entry(customer.region.clone()).or_insert(0) += order.cents;
    }
    let mut result: Vec<(String, u64)> = totals.into_iter().collect();
    result.sort_unstable();
    result
}
// ANCHOR_END: step1

// Step 2, the algorithm: an index built once instead of a search per order.
// ANCHOR: step2
/// One pass over the customers builds a hash index by id; each order then
/// costs one lookup instead of a scan: customers + orders work, not their
/// product. (std's `HashMap` with its default hasher in every step, so the
/// hasher is not what changes.) Still one `String` allocated per order.
#[inline(never)]
pub fn revenue_by_region_hash_index(
    customers: &[Customer],
    orders: &[Order],
) -> Vec<(String, u64)> {
    let by_id: HashMap<u64, &Customer> = customers
        .iter()
        .map(|customer| (customer.id, customer))
        .collect();
    let mut totals: HashMap<String, u64> = HashMap::new();
    for order in orders {
        let customer = by_id
            .get(&order.customer_id)
            .unwrap_or_else(|| unknown_customer(order.customer_id));
        *totals.entry(customer.region.clone()).or_insert(0) += order.cents;
    }
    let mut result: Vec<(String, u64)> = totals.into_iter().collect();
    result.sort_unstable();
    result
}
// ANCHOR_END: step2

// Step 3, allocation: totals keyed by the region names the customers
// already hold.
// ANCHOR: step3
/// The totals borrow their keys, `&str`s pointing into the customers'
/// `String`s, which outlive the map: no allocation per order. `String`s are
/// made only for the result, one per region.
#[inline(never)]
pub fn revenue_by_region_borrowed_keys(
    customers: &[Customer],
    orders: &[Order],
) -> Vec<(String, u64)> {
    let by_id: HashMap<u64, &Customer> = customers
        .iter()
        .map(|customer| (customer.id, customer))
        .collect();
    let mut totals: HashMap<&str, u64> = HashMap::new();
    for order in orders {
        let customer = by_id
            .get(&order.customer_id)
            .unwrap_or_else(|| unknown_customer(order.customer_id));
        *totals.entry(customer.region.as_str()).or_insert(0) += order.cents;
    }
    let mut result: Vec<(String, u64)> = totals
        .into_iter()
        .map(|(region, cents)| (region.to_owned(), cents))
        .collect();
    result.sort_unstable();
    result
}
// ANCHOR_END: step3

// Step 4, data access: regions numbered once, so the loop over orders
// touches only small integers.
// ANCHOR: step4
/// Before the loop, each region gets a number and each customer id maps
/// straight to its region's number: no pointer to follow to a `Customer`
/// and on to its `String`, no string to hash or compare. Per order: one
/// lookup of a `u64`, one add into a `Vec` indexed by region.
#[inline(never)]
pub fn revenue_by_region_dense_ids(customers: &[Customer], orders: &[Order]) -> Vec<(String, u64)> {
    let mut region_names: Vec<&str> = Vec::new();
    let mut region_numbers: HashMap<&str, u32> = HashMap::new();
    let mut region_of: HashMap<u64, u32> = HashMap::with_capacity(customers.len());
    for customer in customers {
        let number = *region_numbers.entry(&customer.region).or_insert_with(|| {
            region_names.push(&customer.region);
            u32::try_from(region_names.len() - 1).expect("fewer than 2^32 regions")
        });
        region_of.insert(customer.id, number);
    }
    // `None` until an order names the region: regions without orders stay
    // out of the result, as in the other steps.
    let mut totals: Vec<Option<u64>> = vec![None; region_names.len()];
    for order in orders {
        let &region = region_of
            .get(&order.customer_id)
            .unwrap_or_else(|| unknown_customer(order.customer_id));
        *totals[region as usize].get_or_insert(0) += order.cents;
    }
    let mut result: Vec<(String, u64)> = region_names
        .into_iter()
        .zip(totals)
        .filter_map(|(region, total)| Some((region.to_owned(), total?)))
        .collect();
    result.sort_unstable();
    result
}
// ANCHOR_END: step4

/// The regions customers live in: twenty names such as "north-03".
pub fn region_name(number: usize) -> String {
    const DIRECTIONS: [&str; 4] = ["north", "south", "east", "west"];
    format!("{}-{:02}", DIRECTIONS[number % 4], number / 4)
}

/// How many regions `generate` spreads customers over.
pub const REGIONS: usize = 20;

/// SplitMix64's output function: a bijection on `u64`, so distinct inputs
/// give distinct, well-mixed outputs.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `customers` customers with distinct random ids, each in one of
/// `REGIONS` regions, and `orders` orders of 1 to 100,000 cents, each
/// placed by a customer picked at random. The same for the same `seed`.
///
/// # Panics
///
/// If orders are asked for but no customers: nobody could place them.
pub fn generate(customers: usize, orders: usize, seed: u64) -> (Vec<Customer>, Vec<Order>) {
    assert!(
        customers > 0 || orders == 0,
        "{orders} orders need at least one customer to place them"
    );
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
    let base = mix(seed);
    // Distinct inputs to a bijection: distinct ids.
    let customers: Vec<Customer> = (0..customers as u64)
        .map(|i| {
            let id = mix(base.wrapping_add(i.wrapping_mul(GAMMA)));
            Customer {
                id,
                name: format!("customer {i}"),
                region: region_name((mix(id) % REGIONS as u64) as usize),
            }
        })
        .collect();
    let base = mix(base ^ 0x5EED);
    let orders = (0..orders as u64)
        .map(|i| {
            let random = mix(base.wrapping_add(i.wrapping_mul(GAMMA)));
            let customer = &customers[((random >> 32) % customers.len() as u64) as usize];
            Order {
                customer_id: customer.id,
                cents: (random & 0xFFFF_FFFF) % 100_000 + 1,
            }
        })
        .collect();
    (customers, orders)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Step = fn(&[Customer], &[Order]) -> Vec<(String, u64)>;
    const STEPS: [(&str, Step); 4] = [
        ("step 1", revenue_by_region_nested_loops),
        ("step 2", revenue_by_region_hash_index),
        ("step 3", revenue_by_region_borrowed_keys),
        ("step 4", revenue_by_region_dense_ids),
    ];

    fn customer(id: u64, region: &str) -> Customer {
        Customer {
            id,
            name: format!("customer {id}"),
            region: region.to_owned(),
        }
    }

    fn order(customer_id: u64, cents: u64) -> Order {
        Order { customer_id, cents }
    }

    #[test]
    fn a_small_case_by_hand() {
        let customers = [
            customer(900, "west-01"),
            customer(7, "east-02"),
            customer(u64::MAX, "west-01"),
            customer(42, "north-00"), // no orders: not in the result
        ];
        let orders = [
            order(7, 100),
            order(900, 20),
            order(u64::MAX, 3),
            order(7, 1000),
            order(900, 0),
        ];
        let expected = [("east-02".to_owned(), 1100), ("west-01".to_owned(), 23)];
        for (name, step) in STEPS {
            assert_eq!(step(&customers, &orders), expected, "{name}");
        }
    }

    #[test]
    fn a_region_whose_orders_are_all_free_is_still_listed() {
        let customers = [customer(1, "east-00"), customer(2, "west-00")];
        let orders = [order(1, 0), order(2, 5)];
        let expected = [("east-00".to_owned(), 0), ("west-00".to_owned(), 5)];
        for (name, step) in STEPS {
            assert_eq!(step(&customers, &orders), expected, "{name}");
        }
    }

    #[test]
    fn the_four_steps_agree() {
        for (customers, orders) in [
            (0, 0),
            (1, 0),
            (1, 1),
            (1, 100),
            (3, 7),
            (20, 1000),
            (500, 3000),
            (2000, 500),
        ] {
            let (customers, orders) = generate(customers, orders, customers as u64);
            let expected = revenue_by_region_nested_loops(&customers, &orders);
            for (name, step) in STEPS {
                assert_eq!(step(&customers, &orders), expected, "{name}");
            }
            // What the result means: every order counted once, names sorted.
            let total: u64 = expected.iter().map(|(_, cents)| cents).sum();
            assert_eq!(total, orders.iter().map(|order| order.cents).sum::<u64>());
            assert!(expected.windows(2).all(|pair| pair[0].0 < pair[1].0));
        }
    }

    #[test]
    fn no_orders_no_regions() {
        let (customers, _) = generate(50, 0, 1);
        for (name, step) in STEPS {
            assert_eq!(step(&customers, &[]), [], "{name}");
        }
    }

    #[test]
    fn every_step_panics_on_an_order_for_an_unknown_customer() {
        let customers = [customer(1, "east-00")];
        let orders = [order(1, 10), order(99, 5)];
        for (name, step) in STEPS {
            let outcome = std::panic::catch_unwind(|| step(&customers, &orders));
            let message = outcome.expect_err(name);
            let message = message
                .downcast_ref::<String>()
                .map(String::as_str)
                .unwrap_or_default();
            assert_eq!(
                message, "an order names customer 99, who does not exist",
                "{name}"
            );
        }
    }

    #[test]
    fn the_generated_data_is_what_the_steps_assume() {
        let (customers, orders) = generate(5000, 20_000, 3);
        assert_eq!((customers.len(), orders.len()), (5000, 20_000));
        assert_eq!(
            generate(5000, 20_000, 3),
            (customers.clone(), orders.clone())
        );
        let mut ids: Vec<u64> = customers.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), customers.len(), "ids are distinct");
        // Not dense: an index has to be built.
        assert!(ids.last().unwrap() - ids.first().unwrap() > 1 << 60);
        assert!(
            orders
                .iter()
                .all(|o| ids.binary_search(&o.customer_id).is_ok())
        );
        assert!(orders.iter().all(|o| (1..=100_000).contains(&o.cents)));
        let mut regions: Vec<&str> = customers.iter().map(|c| c.region.as_str()).collect();
        regions.sort_unstable();
        regions.dedup();
        assert_eq!(regions.len(), REGIONS);
        assert!(regions.contains(&"north-03"));
    }

    #[test]
    #[should_panic(expected = "10 orders need at least one customer to place them")]
    fn orders_without_customers_are_refused() {
        generate(0, 10, 1);
    }
}
