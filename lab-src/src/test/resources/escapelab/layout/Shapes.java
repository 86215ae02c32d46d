public class Shapes { byte b; long l; Object o; int i; static class Sub extends Shapes { boolean flag; } }
