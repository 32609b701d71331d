//! The `baocao` binary: parse the arguments, run, map the result to an exit code.

/// mimalloc rather than the system's allocator (issue 26's speed): a report makes and frees many
/// small strings and vectors, and glibc's malloc and free were an eighth of a batch's time; 1,000
/// units one job, paired runs: DOCX 1.29 → 1.11 s, PDF 4.37 → 3.57 s (peak memory, both
/// formats and two jobs: 1,000 units 28 → 68 MB, 10,000 units 47 → 86 MB).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    baocao::cli::main()
}
