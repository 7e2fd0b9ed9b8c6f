//! The `marginalia` command: the reader, or a subcommand that works without
//! a terminal (for scripts and classrooms). Everything is in `marginalia::cli`.

fn main() -> std::process::ExitCode {
    marginalia::cli::main()
}
