fn main() {
    println!("heatseed");
}
