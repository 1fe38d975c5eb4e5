from advisor_app.cli import run

run()
