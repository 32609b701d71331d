//! The `baocao` binary: parse the arguments, run, map the result to an exit code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    baocao::cli::run(baocao::cli::Cli::parse())
}
