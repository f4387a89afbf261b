# uncaught user-defined exception with a message (printed as "ClassName: message")
class ValidationError(Exception):
    pass
def validate(age):
    if age < 0:
        raise ValidationError("age must be >= 0, got %d" % age)
    return age
print(validate(5))
try:
    validate(-1)
except ValidationError as e:
    print("caught once:", e)
validate(-2)
