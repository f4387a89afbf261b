# Bound methods: of user instances (sharing self), and a bound method
# stored on its own instance (a cycle).
def make():
    class Account:
        def __init__(self, owner, balance):
            self.owner = owner
            self.balance = balance
        def deposit(self, n):
            self.balance += n
            return self.balance
        def show(self):
            return self.owner + ": " + str(self.balance)
    acct = Account("ada", 10)
    acct.callback = acct.show
    return (acct.deposit, acct.show, acct)
