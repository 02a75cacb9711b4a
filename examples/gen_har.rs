//! Generates large, realistic Chromium-style HARs: `cargo run --release --example gen_har --
//! body|headers OUT.har [ENTRIES]` (~370 MB with 24 KiB bodies / ~420 MB of headers by default).

#[path = "../benches/support/gen.rs"]
mod gen;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(shape), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: gen_har body|headers OUT.har [ENTRIES]");
        std::process::exit(2);
    };
    let count = args.get(3).and_then(|n| n.parse().ok());
    if let Err(e) = gen::generate(shape, std::path::Path::new(path), count) {
        eprintln!("gen_har: {e}");
        std::process::exit(2);
    }
}
