import ArgumentParser

@main
struct KeHoachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kehoach",
        abstract: "KeHoach: theo dõi, đánh giá kế hoạch chuyển đổi số.",
        subcommands: [ServeCommand.self, ImportCommand.self, UserCommand.self, BackupCommand.self, RestoreCommand.self, BenchCommand.self, DemoCommand.self, ReportCommand.self, MigrateCommand.self, ExportCommand.self, RoutesCommand.self, DirectoryCommand.self, RemindCommand.self]
    )
}
