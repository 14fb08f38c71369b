import ArgumentParser

@main
struct KeHoachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kehoach",
        abstract: "KeHoach: theo dõi, đánh giá kế hoạch chuyển đổi số.",
        subcommands: [ImportCommand.self, BenchCommand.self]
    )
}
