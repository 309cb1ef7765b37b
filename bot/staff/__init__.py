"""The hotline staff console: lookup over the knowledge base, review of what the bot missed.

    python -m bot.staff serve [--host 127.0.0.1] [--port 5080]
    python -m bot.staff lookup "灵活就业 材料" --region 深圳
    python -m bot.staff create-user NAME [--display-name 张三] [--reset]   # password: prompt or STAFF_PASSWORD
    python -m bot.staff export-unanswered --from 2026-11-01 --to 2026-11-21 --format yml -o todo.yml

See docs/staff.md.
"""
