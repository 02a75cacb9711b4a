use clap::Parser;
use corsdx::cli::{AnalyzeArgs, Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Scan(args) => match corsdx::run_scan(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("corsdx: {e}");
                2
            }
        },
        Command::Explain { id, stack } => explain(&id, stack.as_deref()),
        Command::Sanitize { input, output } => match corsdx::run_sanitize(&input, &output) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("corsdx: {e}");
                2
            }
        },
        Command::Rules => {
            print!("{}", corsdx::rules_listing());
            0
        }
    };
    ExitCode::from(code as u8)
}

fn analyze(args: AnalyzeArgs) -> i32 {
    match corsdx::run_analyze(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("corsdx: {e}");
            2
        }
    }
}

fn explain(id: &str, stack: Option<&str>) -> i32 {
    let Some(rule) = corsdx::rules::find(id) else {
        eprintln!("corsdx: no rule '{id}'; `corsdx rules` lists them");
        return 2;
    };
    match stack {
        None => {
            print!("{}", rule.doc);
            0
        }
        Some(s) => match rule.snippet(s) {
            Some(snippet) => {
                println!("# {}\n\n### {snippet}", rule.title());
                0
            }
            None => {
                eprintln!(
                    "corsdx: rule '{id}' has no fix for '{s}'; stacks: {}",
                    rule.stacks().join(", ")
                );
                2
            }
        },
    }
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
