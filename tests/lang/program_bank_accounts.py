# small program: classes, exceptions, properties and formatting together
class InsufficientFunds(Exception):
    def __init__(self, needed, available):
        super().__init__("need %.2f, have %.2f" % (needed, available))
        self.needed = needed
class Account:
    next_id = 1
    def __init__(self, owner, balance=0.0):
        self.owner = owner
        self._balance = balance
        self.id = Account.next_id
        Account.next_id += 1
        self.history = []
    @property
    def balance(self):
        return self._balance
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self._balance += amount
        self.history.append(("dep", amount))
    def withdraw(self, amount):
        if amount > self._balance:
            raise InsufficientFunds(amount, self._balance)
        self._balance -= amount
        self.history.append(("wd", amount))
    def __str__(self):
        return "#%d %-6s %10.2f" % (self.id, self.owner, self._balance)
    def __lt__(self, other):
        return self._balance < other._balance
class Savings(Account):
    rate = 0.05
    def add_interest(self):
        self.deposit(round(self._balance * self.rate, 2))
accounts = [Account("ann", 100), Savings("bob", 1000), Account("cy")]
accounts[0].deposit(50)
accounts[1].add_interest()
for acct, amount in [(accounts[2], 10), (accounts[0], 20), (accounts[1], 5000)]:
    try:
        acct.withdraw(amount)
        print("ok", acct.owner, amount)
    except InsufficientFunds as e:
        print("failed", acct.owner, "-", e, "| needed", e.needed)
try:
    accounts[2].deposit(-5)
except ValueError as e:
    print(type(e).__name__, e)
for a in sorted(accounts, reverse=True):
    print(a)
print(sum(a.balance for a in accounts), [len(a.history) for a in accounts])
print(isinstance(accounts[1], Account), type(accounts[1]).__name__, Savings.rate)
