from meetup_tracker.cli import main

main()
