package dev.loupe.data.generate;

/**
 * The generating factors of one frame: everything that decided how it looks, one manifest row.
 * Nuisance factors (lighting, variant, blur, noise, position, dust, glare) never make a part defective;
 * only {@link #defectType} does.
 *
 * @param frame            index of the frame in the stream, from 0
 * @param label            {@link Label#DEFECT} exactly when {@code defectType != NONE}
 * @param defectType       the defect on the part, {@link DefectType#NONE} for a good part
 * @param defectSize       severity of the defect, 0.05 (barely visible) .. 1 (obvious); 0 for a good part
 * @param lighting         lamp level, multiplies the whole scene; about 1.0 on the stable line
 * @param lightingGradient strength of a linear lighting falloff across the frame: the scene is
 *                         {@code 1 ± lightingGradient} times brighter at opposite edges
 * @param variant          product colour
 * @param blur             Gaussian blur sigma, in pixels of the written image
 * @param noise            sensor noise standard deviation, on the 0..1 intensity scale
 * @param rotation         product rotation, degrees (positive is clockwise on screen)
 * @param offsetX          product centre offset from the frame centre, as a fraction of the image width
 * @param offsetY          product centre offset, as a fraction of the image height
 * @param dust             number of dust specks on the part and belt (not defects)
 * @param glare            peak strength of a specular glare patch, 0 (none) .. 1
 */
public record Factors(long frame, Label label, DefectType defectType, double defectSize,
                      double lighting, double lightingGradient, Variant variant,
                      double blur, double noise, double rotation, double offsetX, double offsetY,
                      int dust, double glare) {

    public Factors {
        if ((label == Label.DEFECT) != (defectType != DefectType.NONE)) {
            throw new IllegalArgumentException("label " + label + " contradicts defect type " + defectType);
        }
    }

    public boolean defective() {
        return label == Label.DEFECT;
    }
}
