from handouts.cli import run

run()
