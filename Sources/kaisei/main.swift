import KaiseiCLI
KaiseiCommand.main()
