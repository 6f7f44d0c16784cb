//! The `heatseed` binary: all logic lives in the library; this maps the result to an exit code.
//! A panic (a bug) prints one short line and exits 1, the documented internal-error code.

/// mimalloc: the analysis allocates and frees many small trees (parses, JSON values); the
/// system allocator spent about a fifth of a full standard-library analysis in malloc/free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    heatseed::error::install_panic_hook();
    let code = heatseed::error::exit_code_catching_panics(|| {
        heatseed::cli::main_with_args(std::env::args_os())
    });
    std::process::exit(code);
}
