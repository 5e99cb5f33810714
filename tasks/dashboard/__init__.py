"""The chairman's dashboard, the role-specific home pages and the accountability reports.

Reads only: every count comes from tasks.status (category_q) and is aggregated in SQL.
"""
