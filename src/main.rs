//! The `heatseed` binary: all logic lives in the library; this maps the result to an exit code.

fn main() {
    std::process::exit(heatseed::cli::main_with_args(std::env::args_os()));
}
