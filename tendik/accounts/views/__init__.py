"""Web pages of the accounts app: sign-in and second factor (auth), users and roles (users), notifications."""
