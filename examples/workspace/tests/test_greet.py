import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from greet import farewell, greet  # noqa: E402


class GreetTests(unittest.TestCase):
    def test_greets_by_name(self):
        self.assertEqual(greet("Ada"), "Hello, Ada!")

    def test_empty_name_greets_the_world(self):
        self.assertEqual(greet(""), "Hello, world!")

    def test_shout_upper_cases(self):
        self.assertEqual(greet("Ada", shout=True), "HELLO, ADA!")

    def test_farewell(self):
        self.assertEqual(farewell("Ada"), "Goodbye, Ada.")


if __name__ == "__main__":
    unittest.main()
