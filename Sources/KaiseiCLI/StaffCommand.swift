import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Counter

struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Staff accounts of the counter service: add, disable, reset a password (each an event).",
        subcommands: [Add.self, Disable.self, ResetPassword.self])

    struct Account: ParsableArguments {
        @Option(help: ArgumentHelp("okazaki or toyohashi: the only city the account may see.", valueName: "CITY"))
        var city: String
        @Option(help: ArgumentHelp("The login name (a–z 0–9 . _ -), unique across both cities.", valueName: "NAME"))
        var user: String
        @Option(help: ArgumentHelp("Who makes the change (recorded in the event).", valueName: "NAME"))
        var by: String = ProcessInfo.processInfo.environment["USER"].flatMap { EventJSON.idProblem($0) == nil ? $0 : nil } ?? "operator"

        func parsedCity() throws -> City {
            guard let c = City(rawValue: city) else { throw CLIFailure.usage("--city: unknown city \"\(city)\" (expected okazaki | toyohashi)") }
            return c
        }
    }

    /// The password from standard input (its first line): never on the command line, where
    /// other users of the machine and the shell history would see it.
    static func readPassword() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { throw CLIFailure.input("the password on standard input is not UTF-8") }
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    static func perform(_ storeOptions: StoreOptions, _ body: (any EventLog) throws -> Event) throws {
        let log = try storeOptions.openForWriting(purpose: "staff change")
        do {
            let e = try body(log)
            Terminal.out("\(e.type.name) \(e.subject) (recorded)")
        } catch let p as StaffWorkflow.Problem {
            throw CLIFailure.input(p.description)
        } catch let e as StoreError {
            throw CLIFailure.store(e)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account: kaisei staff add --city C --role ROLE --user NAME --password-stdin.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var account: Account
        @Option(help: ArgumentHelp("clerk, analyst, auditor or admin.", valueName: "ROLE"))
        var role: String
        @Flag(help: "Read the password from standard input (required).")
        var passwordStdin = false

        func run() throws {
            try reporting {
                let city = try account.parsedCity()
                guard let r = Vocabulary.StaffRole(rawValue: role) else {
                    throw CLIFailure.usage("--role: expected one of \(Vocabulary.StaffRole.codes.joined(separator: ", "))")
                }
                guard passwordStdin else { throw CLIFailure.usage("--password-stdin is required: the password is read from standard input") }
                let password = try StaffCommand.readPassword()
                try StaffCommand.perform(storeOptions) { log in
                    try StaffWorkflow.add(log, city: city, user: account.user, role: r, password: password, by: account.by, at: try log.nowOrAfterHead())
                }
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; its sessions end.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var account: Account

        func run() throws {
            try reporting {
                let city = try account.parsedCity()
                try StaffCommand.perform(storeOptions) { log in
                    try StaffWorkflow.disable(log, city: city, user: account.user, by: account.by, at: try log.nowOrAfterHead())
                }
            }
        }
    }

    struct ResetPassword: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password", abstract: "Set a new password (read from standard input); its sessions end.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var account: Account
        @Flag(help: "Read the password from standard input (required).")
        var passwordStdin = false

        func run() throws {
            try reporting {
                let city = try account.parsedCity()
                guard passwordStdin else { throw CLIFailure.usage("--password-stdin is required: the password is read from standard input") }
                let password = try StaffCommand.readPassword()
                try StaffCommand.perform(storeOptions) { log in
                    try StaffWorkflow.resetPassword(log, city: city, user: account.user, password: password, by: account.by, at: try log.nowOrAfterHead())
                }
            }
        }
    }
}
