import ArgumentParser

/// `swarm-bench`: the benchmarks behind `tools/bench/run NAME [--quick]`. Each prints a table,
/// then one `name value` line per figure (Docs/benchmarks.md explains them).
@main
struct SwarmBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm-bench",
        abstract: "Run a swarmd benchmark against its same-run baseline.",
        subcommands: [CryptoBenchmark.self, StorageBenchmark.self, StoreImageBenchmark.self]
    )
}
