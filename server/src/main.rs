use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> anyhow::Result<()> {
    return_large_allocations_to_the_system();
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

/// Allocations of 1 MiB and more (Argon2's 19 MiB working memory, large query results) get their own
/// mapping, returned to the system when freed. glibc's default threshold grows after the first such
/// free, after which these blocks stay in per-thread arenas: a burst of sign-ins then left the
/// server's resident memory at several hundred MiB. Two arenas, not glibc's eight per core: each
/// arena keeps its own free memory, and the runtime's and the database's threads spread over all.
fn return_large_allocations_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only adjusts allocator tunables; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
