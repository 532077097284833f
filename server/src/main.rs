use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,surrealdb=warn,surrealkv=warn")),
        )
        .init();
    let cli = tessera_server::cli::Cli::parse();
    // The embedded database recurses deeply: give every runtime thread a large stack.
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(10 * 1024 * 1024)
        .build()?
        .block_on(tessera_server::cli::run(cli))
}

/// mimalloc instead of glibc's malloc. glibc either keeps many arenas, each holding its own free
/// memory (a burst of sign-ins, Argon2's 19 MiB each, left several hundred MiB resident), or, capped
/// to a few, makes the runtime's threads queue for one arena's lock (measured: the anonymous home
/// page at a third of its throughput). mimalloc gives each thread its own heap and returns pages that
/// stay free to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
