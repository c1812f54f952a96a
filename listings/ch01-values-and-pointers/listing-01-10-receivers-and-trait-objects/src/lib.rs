// Receivers, and the two everyday pointers to a trait object.

// ANCHOR: receivers
#[derive(Debug, Default)]
pub struct Counter {
    hits: u64,
}

impl Counter {
    /// `&self` borrows the counter to read it: nothing is copied.
    pub fn total(&self) -> u64 {
        self.hits
    }

    /// `&mut self` borrows it exclusively to change it in place.
    pub fn record(&mut self) {
        self.hits += 1;
    }

    /// `self` takes the counter by value: the caller's is moved in, and gone.
    pub fn into_total(self) -> u64 {
        self.hits
    }
}
// ANCHOR_END: receivers

// ANCHOR: trait-objects
pub trait Shape {
    fn area(&self) -> f64;
}

pub struct Square {
    pub side: f64,
}

impl Shape for Square {
    fn area(&self) -> f64 {
        self.side * self.side
    }
}

pub struct Circle {
    pub radius: f64,
}

impl Shape for Circle {
    fn area(&self) -> f64 {
        std::f64::consts::PI * self.radius * self.radius
    }
}

/// Borrows any shape where it is: the address and a vtable pointer, no allocation.
pub fn area_of(shape: &dyn Shape) -> f64 {
    shape.area()
}

/// Moves a square to the heap behind a trait object: one allocation.
pub fn boxed_square(side: f64) -> Box<dyn Shape> {
    Box::new(Square { side })
}

/// Shapes of different types in one vector: each element is a `Box<dyn Shape>`.
pub fn total_area(shapes: &[Box<dyn Shape>]) -> f64 {
    shapes.iter().map(|shape| shape.area()).sum()
}
// ANCHOR_END: trait-objects

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_receivers_read_change_and_consume() {
        let mut counter = Counter::default();
        counter.record(); // auto-borrow: Counter::record(&mut counter)
        counter.record();
        assert_eq!(counter.total(), 2); // Counter::total(&counter)
        assert_eq!(counter.into_total(), 2); // counter is moved: unusable from here
    }

    #[test]
    fn one_function_serves_every_shape_through_a_borrowed_trait_object() {
        let square = Square { side: 3.0 };
        let circle = Circle { radius: 1.0 };
        assert_eq!(area_of(&square), 9.0);
        assert_eq!(area_of(&circle), std::f64::consts::PI);
    }

    #[test]
    fn a_borrowed_trait_object_points_at_the_value_where_it_is() {
        let square = Square { side: 2.0 };
        let shape: &dyn Shape = &square;
        let data_address = shape as *const dyn Shape as *const Square;
        assert_eq!(data_address, &square as *const Square); // no copy was made
        assert_eq!(size_of::<&dyn Shape>(), 2 * size_of::<usize>()); // address + vtable
    }

    #[test]
    fn boxed_trait_objects_hold_shapes_of_different_types() {
        let shapes: Vec<Box<dyn Shape>> = vec![boxed_square(2.0), Box::new(Circle { radius: 1.0 })];
        assert_eq!(total_area(&shapes), 4.0 + std::f64::consts::PI);
        assert_eq!(size_of::<Box<dyn Shape>>(), 2 * size_of::<usize>());
    }
}
