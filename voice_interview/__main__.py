from voice_interview.cli import main

main()
